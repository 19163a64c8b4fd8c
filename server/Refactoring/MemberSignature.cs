using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeAssist.Server.Refactoring;

/// <summary>Whether a rewrite changed how callers see the member or type: its name, modifiers, return type or parameters.</summary>
public static class MemberSignature
{
    /// <summary>True when no rewritten declaration has the original's name and kind with the same declaration tokens.</summary>
    public static bool Changed(SyntaxNode original, IReadOnlyList<SyntaxNode> rewritten)
    {
        if (original is not MemberDeclarationSyntax member)
            return false;
        var match = rewritten.OfType<MemberDeclarationSyntax>().FirstOrDefault(r => r.GetType() == member.GetType() && Name(r) == Name(member));
        return match is null || Tokens(match) != Tokens(member);
    }

    public static string? Name(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        ConstructorDeclarationSyntax => ".ctor",
        DestructorDeclarationSyntax => "~",
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        EventDeclarationSyntax @event => @event.Identifier.ValueText,
        IndexerDeclarationSyntax => "this[]",
        OperatorDeclarationSyntax op => "operator " + op.OperatorToken.Text,
        ConversionOperatorDeclarationSyntax conversion => "operator " + conversion.Type,
        BaseFieldDeclarationSyntax field => string.Join(",", field.Declaration.Variables.Select(v => v.Identifier.ValueText)),
        BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
        DelegateDeclarationSyntax @delegate => @delegate.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The declaration's tokens without attributes, trivia or body; properties add their accessor kinds.</summary>
    private static string Tokens(MemberDeclarationSyntax member)
    {
        var end = TypeSkeleton.SignatureEnd(member);
        var tokens = member.DescendantTokens()
            .Where(t => t.SpanStart < end && !t.Parent!.AncestorsAndSelf().Any(a => a is AttributeListSyntax))
            .Select(t => t.Text);
        var declaration = string.Join(" ", tokens);
        return member is BasePropertyDeclarationSyntax property ? declaration + " " + TypeSkeleton.Accessors(property) : declaration;
    }
}
