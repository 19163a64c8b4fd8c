using System.Diagnostics;
using System.Text.RegularExpressions;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Refactoring;

/// <summary>
/// Runs one refactoring: asks the model, parses its answer as the target's kind of syntax, splices and formats it, and
/// checks it with Roslyn like a completion. An answer with syntax errors or new compile errors gets one retry with the
/// errors fed back; a second failure is reported instead of an edit.
/// </summary>
public sealed partial class RefactoringEngine(RefactorGenerator generate, SuggestionVerifier verifier)
{
    public const int MaxAttempts = 2;

    /// <summary>Generated characters between two progress reports.</summary>
    private const int ProgressEvery = 200;

    /// <summary>Verification of a refactoring has a wider budget than a completion's: the user is already waiting for the model.</summary>
    public static readonly TimeSpan VerifyBudget = TimeSpan.FromSeconds(10);

    public static SuggestionVerifier CreateVerifier(RoslynWorkspaceHost workspace) => new(workspace, VerifyBudget);

    /// <summary>
    /// Resolves <paramref name="data"/> against <paramref name="document"/>, which must hold the text of <see cref="RefactorData.Version"/>.
    /// Throws <see cref="OperationCanceledException"/> when cancelled (generation stops).
    /// </summary>
    public async Task<RefactorResult> ResolveAsync(
        Document document, RefactorData data, IProgress<RefactorProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var target = data.TargetSpan;
        var original = target.Span.End <= text.Length ? Find(root, target) : null;
        if (original is null)
            return new RefactorResult { Verdict = RefactorVerdict.TargetMissing, Failure = $"The document changed: there is no {target.WireKind} where the action was offered." };

        var prompt = await RefactorPromptBuilder.BuildAsync(document, data, cancellationToken).ConfigureAwait(false);
        var generation = TimeSpan.Zero;
        var verification = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            progress?.Report(new(attempt == 1 ? "Asking the model…" : "Asking the model to fix the errors…"));
            var clock = Stopwatch.StartNew();
            string answer;
            try
            {
                answer = await GenerateAsync(prompt, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (GenerationFailedException e)
            {
                return new RefactorResult { Verdict = RefactorVerdict.GenerationFailed, Failure = e.Message, Attempts = attempt, Total = total.Elapsed };
            }
            generation += clock.Elapsed;

            progress?.Report(new("Checking the rewrite with Roslyn…"));
            clock.Restart();
            var outcome = await CheckAsync(document, text, root, target, original, answer, cancellationToken).ConfigureAwait(false);
            verification += clock.Elapsed;
            outcome = outcome with { Attempts = attempt, Generation = generation, Verification = verification, Total = total.Elapsed };
            if (outcome.Succeeded || outcome.Verdict == RefactorVerdict.NoChange)
                return outcome;
            if (attempt == MaxAttempts)
                return outcome with { Failure = $"The model's rewrite did not compile after {MaxAttempts} attempts ({outcome.Verdict.ToWireName()}): {string.Join("; ", outcome.Problems)}" };
            prompt = prompt.WithFeedback(answer, RefactorPromptBuilder.Describe(target.Kind), outcome.Problems);
        }
    }

    private static SyntaxNode? Find(SyntaxNode root, RefactorTarget target)
    {
        try
        {
            return target.Node(root);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<string> GenerateAsync(RefactorPrompt prompt, IProgress<RefactorProgress>? progress, CancellationToken cancellationToken)
    {
        var generated = 0;
        var reported = 0;
        void OnText(string piece)
        {
            generated += piece.Length;
            if (generated - reported < ProgressEvery)
                return;
            reported = generated;
            progress?.Report(new($"Generating… {generated} characters"));
        }
        var answer = await generate(prompt, OnText, cancellationToken).ConfigureAwait(false);
        // A generator may return the text it had when cancelled; a cancelled refactoring never turns into an edit.
        cancellationToken.ThrowIfCancellationRequested();
        return answer;
    }

    private async Task<RefactorResult> CheckAsync(
        Document document, SourceText text, SyntaxNode root, RefactorTarget target, SyntaxNode original, string answer, CancellationToken cancellationToken)
    {
        var (replacement, problems) = ReplacementParser.Parse(AnswerCode.Extract(answer), target.Kind, original);
        if (replacement is null)
            return new RefactorResult { Verdict = RefactorVerdict.SyntaxError, Problems = problems };

        var replaced = target.KeepingDocumentation(original, replacement.Nodes[0]);
        var newText = await SpliceAsync(document, text, root, replaced, replacement, cancellationToken).ConfigureAwait(false);
        if (newText.ContentEquals(text))
            return new RefactorResult { Verdict = RefactorVerdict.NoChange, Failure = "The model proposed no change." };

        var whole = Enclosing(text, newText);
        var check = await verifier.VerifyAsync(document, new Suggestion(whole.Span, whole.NewText!), cancellationToken).ConfigureAwait(false);
        var verdict = RefactorResult.FromVerification(check.Verdict);
        if (verdict is RefactorVerdict.SyntaxError or RefactorVerdict.IntroducesErrors)
        {
            return new RefactorResult
            {
                Verdict = verdict,
                Problems = [.. check.NewDiagnostics.Select(d => $"{d.Id}: {d.Message} in: {newText.Lines[d.Line].ToString().Trim()}")],
            };
        }
        return new RefactorResult
        {
            Verdict = verdict,
            Edits = MinimalEdits.Compute(text, newText),
            SignatureChanged = target.Kind != TargetKind.Statements && MemberSignature.Changed(original, replacement.Nodes),
        };
    }

    /// <summary>Replaces the target, adds the usings the answer brought that the file lacks, and formats the new code.</summary>
    private static async Task<SourceText> SpliceAsync(
        Document document, SourceText text, SyntaxNode root, RefactorTarget target, Replacement replacement, CancellationToken cancellationToken)
    {
        var newLine = text.ToString().Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var changes = new List<TextChange>();
        var existing = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Select(u => Normalize(u.ToString()))
            .ToHashSet();
        var missing = replacement.Usings.Where(u => !existing.Contains(Normalize(u))).Distinct().ToList();
        if (missing.Count > 0)
        {
            var usings = ((CompilationUnitSyntax)root).Usings;
            var position = usings.Count > 0 ? usings[^1].FullSpan.End : 0;
            var inserted = string.Concat(missing.Select(u => u + newLine)) + (usings.Count > 0 ? "" : newLine);
            changes.Add(new TextChange(new TextSpan(position, 0), inserted));
        }
        var code = replacement.Code.ReplaceLineEndings(newLine);
        changes.Add(new TextChange(target.Span, code));

        var spliced = document.WithText(text.WithChanges(changes));
        var shift = changes.Count > 1 ? changes[0].NewText!.Length : 0;
        var formatted = await Formatter.FormatAsync(spliced, new TextSpan(target.Span.Start + shift, code.Length), cancellationToken: cancellationToken).ConfigureAwait(false);
        return await formatted.GetTextAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The one change from <paramref name="before"/> to <paramref name="after"/>: everything between their common head and tail.</summary>
    private static TextChange Enclosing(SourceText before, SourceText after)
    {
        string a = before.ToString(), b = after.ToString();
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
            head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
            tail++;
        return new TextChange(new TextSpan(head, a.Length - head - tail), b[head..^tail]);
    }

    private static string Normalize(string usingDirective) => Whitespace().Replace(usingDirective, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
