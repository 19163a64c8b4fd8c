using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

/// <summary>What the model rewrites: the answer must parse as the same kind of syntax.</summary>
public enum TargetKind
{
    Member,
    Statements,
    Type,
}

/// <summary>The text a refactoring replaces; for a member or type it starts at its documentation comment, if any.</summary>
public sealed record RefactorTarget(TargetKind Kind, TextSpan Span)
{
    public string WireKind => Kind.ToString().ToLowerInvariant();

    public static TargetKind ParseKind(string wireKind) => Enum.Parse<TargetKind>(wireKind, ignoreCase: true);

    /// <summary>The whole statements a non-empty selection touches, when they share one block.</summary>
    public static RefactorTarget? Statements(SyntaxNode root, TextSpan selection)
    {
        if (selection.IsEmpty)
            return null;
        var block = root.FindToken(selection.Start).Parent?.AncestorsAndSelf().OfType<BlockSyntax>()
            .FirstOrDefault(b => b.OpenBraceToken.Span.End <= selection.Start && selection.End <= b.CloseBraceToken.SpanStart);
        var touched = block?.Statements.Where(s => s.Span.IntersectsWith(selection) || selection.Contains(s.Span)).ToList();
        if (touched is null || touched.Count == 0)
            return null;
        return new RefactorTarget(TargetKind.Statements, TextSpan.FromBounds(touched[0].SpanStart, touched[^1].Span.End));
    }

    /// <summary>The member (method, property, field…) around <paramref name="position"/>, else the type around it.</summary>
    public static RefactorTarget? MemberOrType(SyntaxNode root, int position)
    {
        var declaration = EnclosingMember(root, position) ?? (MemberDeclarationSyntax?)EnclosingType(root, position);
        return declaration switch
        {
            null => null,
            BaseTypeDeclarationSyntax type => new RefactorTarget(TargetKind.Type, SpanWithDocumentation(type)),
            _ => new RefactorTarget(TargetKind.Member, SpanWithDocumentation(declaration)),
        };
    }

    public static MemberDeclarationSyntax? EnclosingMember(SyntaxNode root, int position) =>
        root.FindToken(position).Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>()
            .FirstOrDefault(m => m is not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax and not GlobalStatementSyntax);

    public static BaseTypeDeclarationSyntax? EnclosingType(SyntaxNode root, int position) =>
        root.FindToken(position).Parent?.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();

    /// <summary>The syntax node this target covers in <paramref name="root"/>: the member or type, or the block holding the statements.</summary>
    public SyntaxNode Node(SyntaxNode root)
    {
        var token = root.FindToken(Span.Start);
        return Kind switch
        {
            TargetKind.Member => EnclosingMember(root, token.SpanStart) ?? throw NotFound(),
            TargetKind.Type => EnclosingType(root, token.SpanStart) ?? throw NotFound(),
            _ => token.Parent?.AncestorsAndSelf().OfType<BlockSyntax>().FirstOrDefault(b => b.Span.Contains(Span)) ?? throw NotFound(),
        };
    }

    private InvalidOperationException NotFound() => new($"No {WireKind} at {Span} any more.");

    /// <summary>
    /// The target without the original's documentation comment when the rewrite brings none: a model that leaves out the
    /// comment should not delete it.
    /// </summary>
    public RefactorTarget KeepingDocumentation(SyntaxNode original, SyntaxNode rewrittenFirst) =>
        Kind != TargetKind.Statements && HasDocumentation(original) && !HasDocumentation(rewrittenFirst)
            ? this with { Span = TextSpan.FromBounds(original.SpanStart, Span.End) }
            : this;

    public static bool HasDocumentation(SyntaxNode node) => Documentation(node) != default;

    private static SyntaxTrivia Documentation(SyntaxNode node) =>
        node.GetLeadingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia));

    /// <summary>The declaration from its documentation comment (the full span: "///" belongs to it) to its end.</summary>
    private static TextSpan SpanWithDocumentation(MemberDeclarationSyntax declaration)
    {
        var documentation = Documentation(declaration);
        var start = documentation == default ? declaration.SpanStart : documentation.FullSpan.Start;
        return TextSpan.FromBounds(start, declaration.Span.End);
    }
}
