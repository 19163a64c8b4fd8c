using System.Diagnostics;
using System.Text.Json;
using CodeAssist.Server.Completion.Context;
using CodeAssist.Server.Completion.PostProcessing;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Telemetry;
using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Events;
using Microsoft.Extensions.Logging;
using PostProcessingContext = CodeAssist.Server.Completion.PostProcessing.CompletionContext;

namespace CodeAssist.Server.Completion;

/// <summary>
/// The suggestion for a cursor: typed-ahead reuse, then the cache, then the model (prompt with context, generation,
/// post-processing), each candidate compile-checked by Roslyn under the codeassist.verify policy. Every suggestion
/// shown is recorded for telemetry. Null when there is nothing to show.
/// </summary>
public sealed class SuggestionService(
    ICompletionModel model,
    WorkspaceSync workspace,
    RecentEdits recentEdits,
    SignatureCache signatureCache,
    SettingsService settings,
    SuggestionCache cache,
    SupersededRequests superseded,
    SuggestionTracker tracker,
    StatusReporter status,
    ILogger<SuggestionService> logger)
{
    private static readonly TimeSpan SignatureRefreshDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The suggestion at <paramref name="offset"/> of <paramref name="document"/>; <paramref name="arrival"/> orders the
    /// requests for one document, and a request a later one supersedes ends in <see cref="SupersededException"/>.
    /// </summary>
    public async Task<ShownSuggestion?> SuggestAsync(TextDocument document, int offset, long arrival, string triggerKind, CancellationToken cancellationToken)
    {
        using var lease = superseded.Begin(document.Uri, arrival, cancellationToken);
        try
        {
            return await SuggestCoreAsync(document, offset, triggerKind, lease.Token);
        }
        catch (OperationCanceledException) when (lease.Token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SupersededException();
        }
        catch (ModelUnavailableException e)
        {
            logger.LogInformation("No completion: {Status}", e.Message);
            return null;
        }
    }

    private async Task<ShownSuggestion?> SuggestCoreAsync(TextDocument document, int offset, string triggerKind, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var options = settings.Current;
        var prefix = document.Text[..offset];
        var suffix = document.Text[offset..];

        if (tracker.TypedAhead(document, offset) is { } rest)
            return Show(document, offset, triggerKind, new CachedSuggestion(rest, SuggestionVerdict.TypedAhead, []), null, started, typedAhead: true);

        var served = model.Current;
        // Per load, not per fingerprint: the fingerprint is hashed in the background, and a key that changed when it
        // arrived would miss every suggestion cached before.
        var formatKey = served?.LoadId.ToString("N") ?? "";
        if (served is not null && cache.TryGet(formatKey, prefix, suffix, out var cached))
            return Show(document, offset, triggerKind, cached, new RawCompletion(served, null, cached.Text), started, cacheHit: true);

        if (!model.Serves)
            return null; // completions stay off until a valid model is configured

        var roslynDocument = workspace.DocumentFor(document);
        var builder = new PromptContextBuilder(text => CountTokens(text), new ContextBudget(options.PrefixTokens, options.SuffixTokens).Within(served?.Runtime.ContextSize ?? options.ContextSize, options.MaxTokens), recentEdits, signatureCache);
        var parts = await builder.BuildAsync(roslynDocument, offset, workspace.Root, cancellationToken);
        var request = new FimRequest(parts.Prefix, parts.Suffix, parts.RepositoryName, parts.ExtraFiles, parts.Path);
        var around = PostProcessingContext.Around(prefix, suffix);
        var generation = new GenerationOptions
        {
            MaxTokens = options.MaxTokens,
            WallTimeBudget = TimeSpan.FromMilliseconds(options.CompletionTimeoutMs),
            // Post-processing would cut away whatever comes after, so the user need not wait for it.
            IsComplete = new StreamingCompletionCheck(CompletionPostProcessor.Default, around).IsComplete,
        };
        var policy = new VerifyPolicy(options.Verify);
        var verifier = workspace.Verifier(TimeSpan.FromMilliseconds(options.VerifyBudgetMs));
        // The model's thread starts first, then the document's own errors are computed beside it, so only the splice is
        // left to check afterwards.
        var completing = model.CompleteAsync(request, generation, cancellationToken);
        var prepared = policy.Mode == VerifyMode.Off ? Task.CompletedTask : verifier.PrepareAsync(roslynDocument, offset, cancellationToken);
        var raw = await completing;
        await prepared;
        _ = RefreshSignaturesAfterAnsweringAsync(builder, roslynDocument, offset);

        var processed = CompletionPostProcessor.Default.Apply(raw.Text, around);
        if (processed is null)
        {
            logger.LogDebug("Nothing left of the model's {Length} characters after post-processing", raw.Text.Length);
            return null;
        }

        var choice = await policy.ChooseAsync(
            CandidateTruncations.Of(Verification.Suggestion.Insert(offset, processed)),
            (candidate, token) => verifier.VerifyAsync(roslynDocument, candidate, token),
            cancellationToken);
        if (choice.Chosen is null)
        {
            logger.LogInformation("Filtered: every candidate {Verdict} ({Diagnostics})", choice.Result?.VerdictName,
                string.Join(", ", choice.Result?.NewDiagnostics.Select(d => d.Id) ?? []));
            return null;
        }

        var verdict = choice.Result?.Verdict ?? SuggestionVerdict.NotVerified;
        var shown = new CachedSuggestion(choice.Chosen.Text, verdict, choice.Result?.NewDiagnostics.Select(d => d.Id).Distinct().ToArray() ?? []);
        if (raw.Model is not null)
            cache.Set(formatKey, prefix, suffix, shown);
        return Show(document, offset, triggerKind, shown, raw, started, verificationMs: choice.Tried.Sum(t => t.Result.ElapsedMs),
            promptTokens: new PromptTokens(parts.Tokens.Prefix, parts.Tokens.Suffix, parts.Tokens.Signatures + parts.Tokens.RecentEdits));
    }

    private ShownSuggestion Show(
        TextDocument document, int offset, string triggerKind, CachedSuggestion suggestion, RawCompletion? raw, long started,
        bool cacheHit = false, bool typedAhead = false, double? verificationMs = null, PromptTokens? promptTokens = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var totalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var generation = raw?.Generation;
        var served = raw?.Model ?? model.Current;
        var includeCode = settings.Current.Telemetry.IncludeCode;
        tracker.Shown(new PendingSuggestion(id, served, document, offset, suggestion.Text, triggerKind), context => new SuggestionShown
        {
            Context = context,
            SuggestionId = id,
            Lines = suggestion.Text.Split('\n').Length,
            Chars = suggestion.Text.Length,
            PromptTokens = promptTokens,
            GeneratedTokens = generation?.Timings.GeneratedTokens ?? 0,
            Timings = new SuggestionTimings
            {
                QueueMs = generation?.Timings.QueueWait.TotalMilliseconds,
                PromptEvalMs = generation?.Timings.PromptEval.TotalMilliseconds,
                FirstTokenMs = generation?.Timings.FirstTokenLatency?.TotalMilliseconds,
                GenerationMs = generation?.Timings.Generation.TotalMilliseconds,
                VerificationMs = verificationMs,
                TotalMs = totalMs,
            },
            Verdict = suggestion.Verdict,
            NewDiagnosticIds = suggestion.NewDiagnosticIds,
            CacheHit = cacheHit,
            TypedAheadHit = typedAhead,
            ReusePath = generation is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(generation.CacheReuse.ToString()),
            ReusedPromptTokens = generation?.ReusedPromptTokens,
            EvaluatedPromptTokens = generation?.EvaluatedPromptTokens,
            GeneratedTokensPerSecond = generation?.Timings.GeneratedTokensPerSecond,
            Backend = served?.Backend,
            PromptText = includeCode ? document.Text[..offset] : null,
            SuggestionText = includeCode ? suggestion.Text : null,
        });
        status.Completed(totalMs, generation);
        if (generation is not null)
            logger.LogInformation("Suggestion {Id}: {Verdict}, {Chars} chars in {Total:F0} ms (prompt {Prompt} tokens, {Reused} reused; {Generated} generated, stopped: {Stop})",
                id, suggestion.Verdict.ToWireName(), suggestion.Text.Length, totalMs, generation.PromptTokens, generation.ReusedPromptTokens, generation.Timings.GeneratedTokens,
                generation.StopReason.ToString());
        return new ShownSuggestion(id, suggestion.Text, offset, suggestion.Verdict);
    }

    /// <summary>
    /// Brings the signature context up to date for the next keystroke once this answer is on its way: the refresh binds code
    /// and allocates a lot, and the garbage collections that brings would otherwise pause the verdict and the answer's
    /// serialization (measured: 3 ms of the median overhead).
    /// </summary>
    private async Task RefreshSignaturesAfterAnsweringAsync(PromptContextBuilder builder, Microsoft.CodeAnalysis.Document document, int offset)
    {
        await Task.Delay(SignatureRefreshDelay).ConfigureAwait(false);
        try
        {
            await builder.RefreshSignaturesAsync(document, offset).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Refreshing the signature context failed");
        }
    }

    /// <summary>Tokens of the ready model, or an estimate while none is (or while a format switch unloads it).</summary>
    private int CountTokens(string text) => model.Current?.CountTokens(text) ?? ServedModel.EstimateTokens(text);
}
