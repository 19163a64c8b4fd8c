using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeAssist.Benchmarks.Tasks;

/// <summary>A compiled program, or the errors that stopped it; <see cref="EqualsRewrites"/> counts the rewritten comparisons.</summary>
public sealed record CompiledProgram(byte[]? Assembly, IReadOnlyList<string> Errors, int EqualsRewrites)
{
    public bool Succeeded => Assembly is not null;
}

/// <summary>Compiles a whole program in memory with Roslyn against the .NET 10 reference assemblies, DEBUG defined so Debug.Assert stays in.</summary>
public static class ProgramCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, preprocessorSymbols: ["DEBUG"]);

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Disable,
        deterministic: true);

    private static readonly SyntaxTree Helper = CSharpSyntaxTree.ParseText(StructuralEqualitySource.Text, ParseOptions);

    /// <param name="rewriteEquals">Off only to show what the upstream tests do without the fix.</param>
    public static CompiledProgram Compile(string source, bool rewriteEquals = true, CancellationToken cancellationToken = default)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, cancellationToken: cancellationToken);
        var compilation = CSharpCompilation.Create("program", [tree, Helper], Net100.References.All, Options);
        var rewrites = 0;
        if (rewriteEquals)
        {
            (var rewritten, rewrites) = EqualsRewriter.Rewrite(compilation, tree);
            compilation = compilation.ReplaceSyntaxTree(tree, rewritten);
        }

        using var stream = new MemoryStream();
        var result = compilation.Emit(stream, cancellationToken: cancellationToken);
        var errors = result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToArray();
        return new CompiledProgram(result.Success ? stream.ToArray() : null, errors, rewrites);
    }
}
