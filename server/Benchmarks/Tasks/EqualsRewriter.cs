using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeAssist.Benchmarks.Tasks;

/// <summary>
/// MultiPL-E's C# tests compare lists and dictionaries with <c>.Equals</c>, which is reference equality, so a correct answer
/// fails. This rewrites every <c>x.Equals(y)</c> whose receiver is a collection (or a tuple holding one), as the semantic
/// model sees it, into a structural comparison (<see cref="StructuralEqualitySource"/>).
/// </summary>
public static class EqualsRewriter
{
    public static (SyntaxTree Tree, int Rewrites) Rewrite(Compilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        var targets = root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(i => IsCollectionEquals(model, i)).ToArray();
        if (targets.Length == 0)
            return (tree, 0);
        var rewritten = root.ReplaceNodes(targets, (_, current) =>
        {
            var access = (MemberAccessExpressionSyntax)current.Expression;
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression(StructuralEqualitySource.Method),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList([SyntaxFactory.Argument(access.Expression.WithoutTrivia()), current.ArgumentList.Arguments[0]])))
                .WithTriviaFrom(current);
        });
        return (tree.WithRootAndOptions(rewritten, tree.Options), targets.Length);
    }

    private static bool IsCollectionEquals(SemanticModel model, InvocationExpressionSyntax invocation) =>
        invocation is { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Equals" } access, ArgumentList.Arguments.Count: 1 }
        && model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { IsStatic: false }
        && model.GetTypeInfo(access.Expression).Type is { } type
        && HoldsCollection(type);

    private static bool HoldsCollection(ITypeSymbol type) => type switch
    {
        { SpecialType: SpecialType.System_String } => false,
        IArrayTypeSymbol => true,
        INamedTypeSymbol { IsTupleType: true } tuple => tuple.TupleElements.Any(e => HoldsCollection(e.Type)),
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => HoldsCollection(nullable.TypeArguments[0]),
        _ => type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable),
    };
}

/// <summary>The comparison the rewritten tests call, compiled into every program as its own syntax tree.</summary>
public static class StructuralEqualitySource
{
    public const string Method = "global::CodeAssistBench.StructuralEquality.AreEqual";

    public const string Text = """
        namespace CodeAssistBench
        {
            internal static class StructuralEquality
            {
                public static bool AreEqual(object a, object b)
                {
                    if (ReferenceEquals(a, b)) return true;
                    if (a is null || b is null) return false;
                    if (a is string || b is string) return a.Equals(b);
                    if (a is System.Collections.IDictionary x && b is System.Collections.IDictionary y)
                    {
                        if (x.Count != y.Count) return false;
                        foreach (System.Collections.DictionaryEntry entry in x)
                            if (!y.Contains(entry.Key) || !AreEqual(entry.Value, y[entry.Key])) return false;
                        return true;
                    }
                    if (a is System.Collections.IEnumerable p && b is System.Collections.IEnumerable q)
                    {
                        var i = p.GetEnumerator();
                        var j = q.GetEnumerator();
                        while (true)
                        {
                            var more = i.MoveNext();
                            if (more != j.MoveNext()) return false;
                            if (!more) return true;
                            if (!AreEqual(i.Current, j.Current)) return false;
                        }
                    }
                    if (a is System.Runtime.CompilerServices.ITuple s && b is System.Runtime.CompilerServices.ITuple t)
                    {
                        if (s.Length != t.Length) return false;
                        for (var k = 0; k < s.Length; k++)
                            if (!AreEqual(s[k], t[k])) return false;
                        return true;
                    }
                    return a.Equals(b);
                }
            }
        }
        """;
}
