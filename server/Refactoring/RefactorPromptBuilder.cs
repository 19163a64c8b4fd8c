using System.Text;
using CodeAssist.Server.Inference;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// The first prompt of a refactoring: the instruction, the code to rewrite, the file around it as a skeleton (usings,
/// enclosing types, other members as signatures) and the signatures of the source symbols the code uses.
/// </summary>
public static class RefactorPromptBuilder
{
    private const int MaxSignatures = 25;

    private const string SystemPrompt =
        "You are an expert C# developer who refactors code. You rewrite exactly the code you are given, following the " +
        "instruction, and keep its behaviour unless the instruction says otherwise. You answer with the complete rewritten " +
        "code in a single ```csharp block and nothing else.";

    private static readonly SymbolDisplayFormat SignatureFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeModifiers |
                       SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeParameters |
                       SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
                          SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeDefaultValue,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>How the answer is described to the model: "member", "statements", "type".</summary>
    public static string Describe(TargetKind kind) => kind switch
    {
        TargetKind.Member => "member (you may add new members after it)",
        TargetKind.Statements => "statements (statements only, no method around them)",
        _ => "type declaration",
    };

    public static async Task<RefactorPrompt> BuildAsync(Document document, RefactorData data, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var target = data.TargetSpan;

        var user = new StringBuilder();
        user.AppendLine(data.EffectiveInstruction).AppendLine();
        if (data.FocusStart is { } focusStart && data.FocusLength is { } focusLength)
        {
            var focus = new TextSpan(focusStart, focusLength);
            user.AppendLine("The instruction is about this part:").AppendLine("```csharp").AppendLine(Dedent(text, focus)).AppendLine("```").AppendLine();
        }
        user.AppendLine($"The {target.WireKind} to rewrite:").AppendLine("```csharp").AppendLine(Dedent(text, target.Span)).AppendLine("```").AppendLine();
        user.AppendLine("Where it is in the file (other members shown as signatures):").AppendLine("```csharp")
            .AppendLine(TypeSkeleton.Write(root, target.Span)).AppendLine("```").AppendLine();
        var signatures = UsedSignatures(root, model, target.Span, cancellationToken);
        if (signatures.Count > 0)
            user.AppendLine("Signatures of the symbols it uses:").AppendLine("```csharp").AppendLine(string.Join("\n", signatures)).AppendLine("```").AppendLine();
        user.Append($"Answer with the complete rewritten {Describe(target.Kind)} in a single ```csharp block, and nothing else.");
        return new RefactorPrompt([ChatMessage.System(SystemPrompt), ChatMessage.User(user.ToString())]);
    }

    /// <summary>The whole lines of <paramref name="span"/> with their common indentation removed.</summary>
    public static string Dedent(SourceText text, TextSpan span)
    {
        var lineStart = text.Lines.GetLineFromPosition(span.Start).Start;
        if (text.ToString(TextSpan.FromBounds(lineStart, span.Start)).Trim().Length > 0)
            lineStart = span.Start;
        return Indentation.Remove(text.ToString(TextSpan.FromBounds(lineStart, span.End)));
    }

    /// <summary>Symbols the target refers to that are declared in source outside it; the model knows the framework already.</summary>
    private static List<string> UsedSignatures(SyntaxNode root, SemanticModel model, TextSpan target, CancellationToken cancellationToken) =>
        root.DescendantNodes(target)
            .Where(node => target.Contains(node.Span) && node is SimpleNameSyntax)
            .Select(node => model.GetSymbolInfo(node, cancellationToken).Symbol)
            .OfType<ISymbol>()
            .Select(symbol => symbol.OriginalDefinition)
            .Where(symbol => symbol is IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol or INamedTypeSymbol)
            .Where(symbol => symbol.Locations.Any(location => location.IsInSource && !(location.SourceTree == root.SyntaxTree && target.Contains(location.SourceSpan))))
            .Select(symbol => symbol.ToDisplayString(SignatureFormat))
            .Distinct()
            .Take(MaxSignatures)
            .ToList();
}
