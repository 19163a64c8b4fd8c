using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

/// <summary>A diagnostic the client reported for the range, in UTF-16 offsets of the document.</summary>
public sealed record RangeDiagnostic(TextSpan Span, string Message, string? Code = null);

/// <summary>One offered action; <see cref="DiagnosticIndex"/> points into the request's diagnostics for a quick fix.</summary>
public sealed record OfferedRefactoring(RefactoringKind Kind, RefactorData Data, int? DiagnosticIndex = null)
{
    public string Title => Kind.Title();
}

/// <summary>
/// The refactorings that fit a selection or cursor, from the syntax tree alone (no model call, no binding), so code action
/// requests stay cheap; the model runs only when one is resolved.
/// </summary>
public sealed class RefactoringCatalog
{
    private static readonly HashSet<string> LinqMethods =
    [
        "Where", "Select", "SelectMany", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Join",
        "Any", "All", "Count", "Sum", "Min", "Max", "Average", "Aggregate", "First", "FirstOrDefault", "Single",
        "SingleOrDefault", "Last", "LastOrDefault", "Distinct", "Take", "Skip", "TakeWhile", "SkipWhile", "Zip",
    ];

    public IReadOnlyList<OfferedRefactoring> Offer(
        SyntaxNode root, string uri, int version, TextSpan selection, IReadOnlyList<RangeDiagnostic> diagnostics)
    {
        var around = RefactorTarget.MemberOrType(root, selection.Start);
        if (around is null)
            return [];
        var statements = RefactorTarget.Statements(root, selection);
        var main = statements ?? around;
        var member = RefactorTarget.EnclosingMember(root, selection.Start);
        var inRange = NodesInRange(root, selection).ToList();
        var offers = new List<OfferedRefactoring>();

        OfferedRefactoring Make(RefactoringKind kind, RefactorTarget target, TextSpan? focus = null, string? instruction = null, int? diagnostic = null) =>
            new(kind, new RefactorData(Guid.NewGuid().ToString("N"), uri, version, kind.WireName(), target.WireKind,
                target.Span.Start, target.Span.Length, instruction, focus?.Start, focus?.Length), diagnostic);

        for (var i = 0; i < diagnostics.Count; i++)
        {
            var diagnostic = diagnostics[i];
            if (Touches(diagnostic.Span, selection))
                offers.Add(Make(RefactoringKind.FixError, around, diagnostic.Span, $"Fix this error: {Describe(diagnostic)}", i));
        }
        offers.Add(Make(RefactoringKind.Simplify, main));
        if (statements is not null && around.Kind == TargetKind.Member)
            offers.Add(Make(RefactoringKind.ExtractMethod, around, statements.Span));
        if (member is BaseMethodDeclarationSyntax { ParameterList.Parameters.Count: > 0 })
            offers.Add(Make(RefactoringKind.AddNullChecks, around));
        if (inRange.FirstOrDefault(IsLoop) is { } loop)
            offers.Add(Make(RefactoringKind.LoopToLinq, main, loop.Span));
        if (inRange.FirstOrDefault(IsLinq) is { } query)
            offers.Add(Make(RefactoringKind.LinqToLoop, main, query.Span));
        if (member is MethodDeclarationSyntax method && !method.Modifiers.Any(SyntaxKind.AsyncKeyword) && (method.Body ?? (SyntaxNode?)method.ExpressionBody) is not null)
            offers.Add(Make(RefactoringKind.MakeAsync, around));
        if (!RefactorTarget.HasDocumentation(around.Node(root)))
            offers.Add(Make(RefactoringKind.AddDocumentation, around));
        offers.Add(Make(RefactoringKind.Custom, main));
        return offers;
    }

    /// <summary>A diagnostic under an empty cursor may end right at it (a missing semicolon is reported after the token).</summary>
    private static bool Touches(TextSpan diagnostic, TextSpan selection) =>
        selection.IsEmpty ? diagnostic.Start <= selection.Start && selection.Start <= diagnostic.End : diagnostic.IntersectsWith(selection) || selection.Contains(diagnostic);

    private static string Describe(RangeDiagnostic diagnostic) => diagnostic.Code is null ? diagnostic.Message : $"{diagnostic.Code}: {diagnostic.Message}";

    /// <summary>The nodes around the cursor (innermost first) and, for a selection, the nodes inside it.</summary>
    private static IEnumerable<SyntaxNode> NodesInRange(SyntaxNode root, TextSpan selection)
    {
        var around = root.FindToken(selection.Start).Parent?.AncestorsAndSelf() ?? [];
        return selection.IsEmpty ? around : around.Concat(root.DescendantNodes(selection).Where(n => selection.IntersectsWith(n.Span)));
    }

    private static bool IsLoop(SyntaxNode node) => node is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

    private static bool IsLinq(SyntaxNode node) => node switch
    {
        QueryExpressionSyntax => true,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => LinqMethods.Contains(access.Name.Identifier.ValueText),
        _ => false,
    };
}
