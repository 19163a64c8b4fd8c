using CodeAssist.Server.Inference;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Completion.Context;

/// <summary>
/// Declarations (no bodies) of the source types referenced near the cursor, e.g. <c>class Foo { public int Bar(string s); }</c>,
/// so the model calls members that exist. Types from metadata are left out: the model knows the framework.
/// </summary>
public static class ReferencedSignatures
{
    private static readonly SymbolDisplayFormat MemberFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeTypeConstraints,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeModifiers |
                       SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeParameters |
                       SymbolDisplayMemberOptions.IncludeRef | SymbolDisplayMemberOptions.IncludeConstantValue,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
                          SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeDefaultValue |
                          SymbolDisplayParameterOptions.IncludeExtensionThis,
        kindOptions: SymbolDisplayKindOptions.IncludeMemberKeyword,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers |
                              SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat BaseTypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat TypeFormat = BaseTypeFormat
        .WithGenericsOptions(SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeVariance)
        .WithKindOptions(SymbolDisplayKindOptions.IncludeTypeKeyword);

    /// <summary>Referenced source types, nearest reference first, grouped by the file that declares them, within <paramref name="budget"/> tokens.</summary>
    public static async Task<IReadOnlyList<ContextFile>> CollectAsync(
        Document document, int position, int budget, Func<string, int> countTokens, int linesAround = 30, CancellationToken cancellationToken = default)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return [];
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var enclosing = EnclosingTypes(model, root, position);
        var files = new List<(string Path, StringBuilder Text)>();
        foreach (var type in ReferencedTypes(model, root, Window(text, position, linesAround), position, cancellationToken))
        {
            if (enclosing.Contains(type))
                continue;
            var signature = Render(type);
            var tokens = countTokens(signature);
            if (tokens > budget)
                break;
            budget -= tokens;
            var path = type.Locations.First(location => location.IsInSource).SourceTree!.FilePath;
            var file = files.FirstOrDefault(file => file.Path == path).Text;
            if (file is null)
                files.Add((path, file = new StringBuilder()));
            file.Append(signature);
        }
        return [.. files.Select(file => new ContextFile(file.Path, file.Text.ToString()))];
    }

    /// <summary>The declaration of <paramref name="type"/> with its non-private member signatures, one per line.</summary>
    public static string Render(INamedTypeSymbol type)
    {
        var text = new StringBuilder();
        text.Append(Header(type)).Append('\n').Append("{\n");
        if (type.TypeKind == TypeKind.Enum)
        {
            text.Append("    ").AppendJoin(", ", type.GetMembers().OfType<IFieldSymbol>().Select(field => field.Name)).Append('\n');
        }
        else
        {
            foreach (var member in type.GetMembers().Where(IsSignature))
                text.Append("    ").Append(member.ToDisplayString(MemberFormat)).Append(member is IPropertySymbol ? "\n" : ";\n");
        }
        return text.Append("}\n").ToString();
    }

    private static string Header(INamedTypeSymbol type)
    {
        var modifiers = new List<string> { AccessibilityKeyword(type.DeclaredAccessibility) };
        if (type.IsStatic)
            modifiers.Add("static");
        else if (type.IsAbstract && type.TypeKind == TypeKind.Class)
            modifiers.Add("abstract");
        else if (type.IsSealed && type.TypeKind == TypeKind.Class)
            modifiers.Add("sealed");
        var bases = new List<ITypeSymbol>();
        if (type.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum) } baseType)
            bases.Add(baseType);
        bases.AddRange(type.Interfaces);
        var header = string.Join(' ', modifiers.Where(modifier => modifier.Length > 0)) + " " + type.ToDisplayString(TypeFormat);
        return bases.Count == 0 ? header : header + " : " + string.Join(", ", bases.Select(b => b.ToDisplayString(BaseTypeFormat)));
    }

    private static bool IsSignature(ISymbol member) =>
        !member.IsImplicitlyDeclared &&
        member.DeclaredAccessibility is not (Accessibility.Private or Accessibility.NotApplicable) &&
        member switch
        {
            IMethodSymbol method => method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor or MethodKind.UserDefinedOperator or MethodKind.Conversion,
            IPropertySymbol or IFieldSymbol or IEventSymbol => true,
            _ => false,
        };

    private static string AccessibilityKeyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.Private => "private",
        _ => "",
    };

    private static TextSpan Window(SourceText text, int position, int linesAround)
    {
        var line = text.Lines.GetLineFromPosition(position).LineNumber;
        var first = text.Lines[Math.Max(0, line - linesAround)];
        var last = text.Lines[Math.Min(text.Lines.Count - 1, line + linesAround)];
        return TextSpan.FromBounds(first.Start, last.EndIncludingLineBreak);
    }

    private static HashSet<INamedTypeSymbol> EnclosingTypes(SemanticModel model, SyntaxNode root, int position)
    {
        var types = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var declaration in root.FindToken(position).Parent?.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>() ?? [])
        {
            if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
                types.Add(type);
        }
        return types;
    }

    private static IEnumerable<INamedTypeSymbol> ReferencedTypes(SemanticModel model, SyntaxNode root, TextSpan window, int position, CancellationToken cancellationToken)
    {
        return root.DescendantNodes(window)
            .OfType<SimpleNameSyntax>()
            .Where(name => window.Contains(name.Span))
            .OrderBy(name => Math.Abs(name.SpanStart - position))
            .Select(name => TypeOf(model.GetSymbolInfo(name, cancellationToken)))
            .OfType<INamedTypeSymbol>()
            .Select(type => type.OriginalDefinition)
            .Where(type => type.Locations.Any(location => location.IsInSource))
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default);
    }

    /// <summary>The type a name makes relevant: the type itself, a member's declaring type, or a variable's type.</summary>
    private static ITypeSymbol? TypeOf(SymbolInfo info) => (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) switch
    {
        INamedTypeSymbol type => type,
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        (IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol) and var member => member.ContainingType,
        _ => null,
    };
}
