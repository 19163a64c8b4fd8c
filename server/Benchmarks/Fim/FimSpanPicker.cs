using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeAssist.Benchmarks.Fim;

public enum FimSpanKind { Statement, Expression, BlockBody }

/// <summary>A masked span of a repository file: what the model has to fill back in.</summary>
public sealed record FimSample(string File, int Start, int Length, FimSpanKind Kind, string Expected, string FileSha256)
{
    /// <summary>Stable across runs and machines: relative path, position, and the file's content hash.</summary>
    public string Id => $"{File}:{Start}+{Length}:{Kind}:{FileSha256[..12]}";
}

/// <summary>
/// Picks spans at syntax boundaries with Roslyn (a statement, an expression, the inside of a block body) from the .cs files
/// of a folder, sampled with a seed: the same repository, seed and count always give the same samples.
/// </summary>
public static class FimSpanPicker
{
    public const int MaxSpanLength = 400;
    private const int MaxBlockLines = 12;

    public static IReadOnlyList<FimSample> Pick(string repository, int samples, int seed)
    {
        var root = Path.GetFullPath(repository);
        var candidates = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path))
            .Where(relative => !relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .SelectMany(relative => Candidates(relative, File.ReadAllText(Path.Combine(root, relative))))
            .ToList();
        var random = new Random(seed);
        var picked = new List<FimSample>();
        while (picked.Count < samples && candidates.Count > 0)
        {
            var index = random.Next(candidates.Count);
            picked.Add(candidates[index]);
            candidates.RemoveAt(index);
        }
        return picked;
    }

    private static IEnumerable<FimSample> Candidates(string relativePath, string text)
    {
        var tree = CSharpSyntaxTree.ParseText(text);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var candidate = node switch
            {
                BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax } block
                    when block.Statements.Count > 0 && LineCount(block) <= MaxBlockLines =>
                    (Span: Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(block.Statements[0].SpanStart, block.Statements[^1].Span.End), Kind: FimSpanKind.BlockBody),
                ExpressionStatementSyntax or ReturnStatementSyntax or LocalDeclarationStatementSyntax or ThrowStatementSyntax =>
                    (node.Span, FimSpanKind.Statement),
                ArgumentSyntax { Expression: not LiteralExpressionSyntax } argument => (argument.Expression.Span, FimSpanKind.Expression),
                EqualsValueClauseSyntax clause => (clause.Value.Span, FimSpanKind.Expression),
                ArrowExpressionClauseSyntax arrow => (arrow.Expression.Span, FimSpanKind.Expression),
                _ => ((Microsoft.CodeAnalysis.Text.TextSpan Span, FimSpanKind Kind)?)null,
            };
            if (candidate is { } c && c.Span.Length is > 0 and <= MaxSpanLength && !node.ContainsDiagnostics)
                yield return new FimSample(relativePath, c.Span.Start, c.Span.Length, c.Kind, text.Substring(c.Span.Start, c.Span.Length), sha);
        }
    }

    private static int LineCount(SyntaxNode node)
    {
        var lines = node.GetLocation().GetLineSpan();
        return lines.EndLinePosition.Line - lines.StartLinePosition.Line + 1;
    }
}
