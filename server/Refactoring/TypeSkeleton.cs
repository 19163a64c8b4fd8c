using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// The file around a target with every other member reduced to its signature: enough for the model to know what it can
/// call, short enough to leave the context to the code being rewritten.
/// </summary>
public static partial class TypeSkeleton
{
    public const string Marker = "// <<< the code to rewrite goes here >>>";

    private const int MaxDeclarationLength = 160;

    public static string Write(SyntaxNode root, TextSpan target)
    {
        var builder = new StringBuilder();
        foreach (var usingDirective in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
            builder.AppendLine(OneLine(usingDirective.ToString()));
        if (builder.Length > 0)
            builder.AppendLine();
        foreach (var member in Around(((CompilationUnitSyntax)root).Members, target))
            WriteMember(builder, member, target, 0);
        return builder.ToString().TrimEnd();
    }

    private static void WriteMember(StringBuilder builder, MemberDeclarationSyntax member, TextSpan target, int depth)
    {
        var indent = new string(' ', depth * 4);
        if (target.Contains(member.Span))
        {
            builder.AppendLine(indent + Marker);
            return;
        }
        var holdsTarget = member.Span.Contains(target);
        switch (member)
        {
            case FileScopedNamespaceDeclarationSyntax fileScoped:
                builder.AppendLine($"namespace {fileScoped.Name};").AppendLine();
                foreach (var inner in Around(fileScoped.Members, target))
                    WriteMember(builder, inner, target, depth);
                break;
            case NamespaceDeclarationSyntax block:
                builder.AppendLine($"{indent}namespace {block.Name}").AppendLine($"{indent}{{");
                foreach (var inner in Around(block.Members, target))
                    WriteMember(builder, inner, target, depth + 1);
                builder.AppendLine($"{indent}}}");
                break;
            case BaseTypeDeclarationSyntax type when holdsTarget:
                builder.AppendLine(indent + Header(type)).AppendLine($"{indent}{{");
                foreach (var inner in Members(type))
                    WriteMember(builder, inner, target, depth + 1);
                builder.AppendLine($"{indent}}}");
                break;
            default:
                builder.AppendLine(indent + Signature(member) + (holdsTarget ? " " + Marker : ""));
                break;
        }
    }

    private static IEnumerable<MemberDeclarationSyntax> Around(SyntaxList<MemberDeclarationSyntax> members, TextSpan target) =>
        members.Where(m => m.Span.Contains(target) || target.Contains(m.Span));

    private static IEnumerable<MemberDeclarationSyntax> Members(BaseTypeDeclarationSyntax type) => type switch
    {
        TypeDeclarationSyntax withMembers => withMembers.Members,
        _ => [],
    };

    public static string Header(BaseTypeDeclarationSyntax type) =>
        OneLine(type.SyntaxTree.GetText().ToString(TextSpan.FromBounds(type.SpanStart, SignatureEnd(type))));

    /// <summary>A member as a declaration without its body: "public int Add(int a, int b);", "public string Name { get; set; }".</summary>
    public static string Signature(MemberDeclarationSyntax member)
    {
        var declaration = OneLine(member.SyntaxTree.GetText().ToString(TextSpan.FromBounds(member.SpanStart, SignatureEnd(member))));
        return member switch
        {
            BaseMethodDeclarationSyntax => declaration + ";",
            BasePropertyDeclarationSyntax property => declaration + " " + Accessors(property),
            BaseTypeDeclarationSyntax => declaration + " { … }",
            _ => Shorten(OneLine(member.ToString())),
        };
    }

    /// <summary>Where a member's declaration ends and its body, accessors, initializer or members begin.</summary>
    public static int SignatureEnd(MemberDeclarationSyntax member) => member switch
    {
        ConstructorDeclarationSyntax { Initializer: { } initializer } => initializer.SpanStart,
        BaseMethodDeclarationSyntax method => method.Body?.SpanStart ?? method.ExpressionBody?.SpanStart ?? method.SemicolonToken.SpanStart,
        PropertyDeclarationSyntax { ExpressionBody: { } body } => body.SpanStart,
        IndexerDeclarationSyntax { ExpressionBody: { } body } => body.SpanStart,
        BasePropertyDeclarationSyntax property => property.AccessorList?.SpanStart ?? property.Span.End,
        BaseFieldDeclarationSyntax field => field.Declaration.Variables[0].Initializer?.SpanStart ?? field.Span.End,
        BaseTypeDeclarationSyntax type => type.OpenBraceToken.IsMissing || type.OpenBraceToken.Span.IsEmpty ? type.Span.End : type.OpenBraceToken.SpanStart,
        _ => member.Span.End,
    };

    public static string Accessors(BasePropertyDeclarationSyntax property)
    {
        if (property.AccessorList is null)
            return "{ get; }";
        var accessors = property.AccessorList.Accessors.Select(a => string.Join(" ", a.Modifiers.Select(m => m.Text).Append(a.Keyword.Text)) + ";");
        return "{ " + string.Join(" ", accessors) + " }";
    }

    private static string Shorten(string declaration) =>
        declaration.Length <= MaxDeclarationLength ? declaration : declaration[..MaxDeclarationLength] + " …";

    private static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
