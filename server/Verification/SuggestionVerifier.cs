using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CodeAssist.Telemetry.Events;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;

namespace CodeAssist.Server.Verification;

/// <summary>
/// Splices a suggestion into its document and reports the errors it adds, within a time budget.
/// The document's own diagnostics are computed once per document snapshot and shared by every candidate; binding is limited
/// to the member whose body is edited (<see cref="CheckedRegion"/>), syntax is checked for the whole document.
/// One instance per workspace: the baselines it caches are what make the second candidate and a prepared request cheap.
/// </summary>
public sealed class SuggestionVerifier(RoslynWorkspaceHost workspace, TimeSpan? budget = null)
{
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMilliseconds(150);

    private readonly ConditionalWeakTable<Document, ConcurrentDictionary<TextSpan, Lazy<Task<Baseline>>>> _baselines = new();

    /// <summary>Time allowed per verdict; <see cref="Timeout.InfiniteTimeSpan"/> waits for the answer.</summary>
    public TimeSpan Budget { get; } = budget ?? DefaultBudget;

    /// <summary>
    /// Loads and JITs Roslyn's compiler on a tiny document: the first compilation in a process takes seconds, which would
    /// otherwise land on the first completion request and exceed its budget. Call it once in the background at startup.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        const string text = "class WarmUp\n{\n    int M(int a)\n    {\n        \n        return a;\n    }\n}\n";
        var solution = AdHocProjects.AddProject(new AdhocWorkspace().CurrentSolution, "WarmUp", [("WarmUp.cs", SourceText.From(text))], out _);
        var document = solution.GetDocument(solution.GetDocumentIdsWithFilePath("WarmUp.cs")[0])!;
        var offset = text.IndexOf("        \n", StringComparison.Ordinal) + 8;
        await JudgeAsync(document, new TextChange(new TextSpan(offset, 0), "a += 1;"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies against the workspace's current snapshot of the document at <paramref name="path"/>.</summary>
    public Task<VerificationResult> VerifyAsync(string path, Suggestion suggestion, CancellationToken cancellationToken) =>
        VerifyAsync(workspace.GetDocument(path), suggestion, cancellationToken);

    public async Task<VerificationResult> VerifyAsync(Document document, Suggestion suggestion, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // CancelAfter(0) would cancel on a timer thread a moment later, so a cached verdict could slip through a zero budget.
        if (Budget <= TimeSpan.Zero)
            budget.Cancel();
        else
            budget.CancelAfter(Budget);
        try
        {
            var (verdict, added) = await JudgeAsync(document, suggestion.AsChange(), budget.Token).ConfigureAwait(false);
            return new VerificationResult(verdict, added, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new VerificationResult(SuggestionVerdict.Unchecked, [], stopwatch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Computes the document's own diagnostics around <paramref name="position"/> ahead of time; call it when a completion
    /// request starts so the work overlaps model inference and the verdict afterwards only binds the spliced text.
    /// It runs on the thread pool from the start: the caller goes on at once, even while the document is parsed.
    /// </summary>
    public Task PrepareAsync(Document document, int position, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        await BaselineAsync(document, CheckedRegion.Before(root!, new TextSpan(position, 0))).WaitAsync(cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    private async Task<(SuggestionVerdict, IReadOnlyList<NewDiagnostic>)> JudgeAsync(Document document, TextChange change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var region = CheckedRegion.Before(root!, change.Span);
        // The baseline outlives this candidate's budget on purpose: the next candidate for the same snapshot reuses it.
        var before = await BaselineAsync(document, region).WaitAsync(cancellationToken).ConfigureAwait(false);
        var spliced = document.WithText(text.WithChanges(change));

        var tree = (await spliced.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
        var syntaxErrors = DiagnosticDelta.NewErrors(text, before.Syntax, tree.GetDiagnostics(cancellationToken), change);
        if (syntaxErrors.Count > 0)
            return (SuggestionVerdict.SyntaxError, Describe(syntaxErrors));

        var model = (await spliced.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var errors = DiagnosticDelta.NewErrors(text, before.All, model.GetDiagnostics(CheckedRegion.After(region, change), cancellationToken), change);
        return errors.Count > 0 ? (SuggestionVerdict.IntroducesErrors, Describe(errors)) : (SuggestionVerdict.Compiles, []);
    }

    private Task<Baseline> BaselineAsync(Document document, TextSpan region) =>
        // On the thread pool: Roslyn may finish synchronously, and the caller's budget can only interrupt a wait, not a computation.
        _baselines.GetOrCreateValue(document).GetOrAdd(region, span => new Lazy<Task<Baseline>>(() => Task.Run(() => ComputeBaselineAsync(document, span)))).Value;

    private static async Task<Baseline> ComputeBaselineAsync(Document document, TextSpan region)
    {
        var tree = (await document.GetSyntaxTreeAsync().ConfigureAwait(false))!;
        var model = (await document.GetSemanticModelAsync().ConfigureAwait(false))!;
        return new Baseline([.. tree.GetDiagnostics()], model.GetDiagnostics(region));
    }

    private static List<NewDiagnostic> Describe(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Select(diagnostic =>
        {
            var start = diagnostic.Location.GetLineSpan().StartLinePosition;
            return new NewDiagnostic(diagnostic.Id, diagnostic.GetMessage(), start.Line, start.Character);
        })];

    private sealed record Baseline(ImmutableArray<Diagnostic> Syntax, ImmutableArray<Diagnostic> All);
}
