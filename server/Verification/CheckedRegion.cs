using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Verification;

/// <summary>
/// Where an edit can change semantic diagnostics. An edit inside a closed member body only affects that member,
/// so binding stops there instead of covering the whole file; anything else checks the whole document.
/// </summary>
internal static class CheckedRegion
{
    /// <summary>The span to bind in the document before the edit; <see cref="After"/> gives the same region after it.</summary>
    public static TextSpan Before(SyntaxNode root, TextSpan edit)
    {
        var member = root.FindToken(edit.Start).Parent?.AncestorsAndSelf()
            .OfType<MemberDeclarationSyntax>()
            .LastOrDefault(node => node is not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax and not GlobalStatementSyntax);
        return member is not null && BodyEnclosing(member, edit) ? member.FullSpan : root.FullSpan;
    }

    public static TextSpan After(TextSpan before, TextChange edit) =>
        new(before.Start, before.Length + edit.NewText!.Length - edit.Span.Length);

    private static bool BodyEnclosing(MemberDeclarationSyntax member, TextSpan edit) =>
        Bodies(member).Any(body => !body.CloseBraceToken.IsMissing && body.OpenBraceToken.Span.End <= edit.Start && edit.End <= body.CloseBraceToken.SpanStart);

    private static IEnumerable<BlockSyntax> Bodies(MemberDeclarationSyntax member) => member switch
    {
        BaseMethodDeclarationSyntax { Body: { } body } => [body],
        BasePropertyDeclarationSyntax { AccessorList: { } accessors } => accessors.Accessors.Select(accessor => accessor.Body).OfType<BlockSyntax>(),
        _ => [],
    };
}
