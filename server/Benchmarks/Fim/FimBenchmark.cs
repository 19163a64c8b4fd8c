using CodeAssist.Server.Inference;
using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Benchmarks.Fim;

/// <summary>One masked span filled by one format: the raw completion, how close it is to the original, and the live verifier's verdict.</summary>
public sealed record FimOutcome(string Sample, FimSpanKind Kind, string Completion, bool ExactMatch, double EditSimilarity, string Verdict, IReadOnlyList<string> NewErrors)
{
    public bool Compiles => Verdict == SuggestionVerdict.Compiles.ToWireName();
}

public sealed record FormatFimResults(BenchModel Model, IReadOnlyList<FimOutcome> Outcomes, int Computed);

/// <summary>
/// Fill-in-the-middle on the user's own code: each sampled span is masked, completed with the model's FIM template, scored
/// against the original (exact match after trimming, edit similarity) and spliced back for the same verifier the editor
/// uses. Outcomes are stored per sample.
/// </summary>
public sealed class FimBenchmark(ModelHostSettings settings, BenchResultStore store, RoslynWorkspaceHost workspace, int maxTokens, TimeSpan verifyBudget)
{
    public const string Name = "fim";

    public async Task<IReadOnlyList<FormatFimResults>> RunAsync(
        IReadOnlyList<BenchModel> models, IReadOnlyList<FimSample> samples, IProgress<BenchStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await workspace.Loaded.WaitAsync(cancellationToken);
        var verifier = new SuggestionVerifier(workspace, verifyBudget);
        var config = $"max-tokens={maxTokens};ctx={settings.ContextSize};verify={verifyBudget.TotalMilliseconds}ms;{workspace.Kind}";
        var total = models.Count * samples.Count;
        var done = 0;
        var results = new List<FormatFimResults>();
        foreach (var model in models)
        {
            var key = BenchKey.For(Name, model, config);
            var outcomes = new List<FimOutcome>();
            ModelHost? host = null;
            var computed = 0;
            try
            {
                foreach (var sample in samples)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new BenchStep($"{model.Label} {sample.File}", done, total));
                    if (!store.TryGet(key, sample.Id, out FimOutcome outcome))
                    {
                        host ??= await ModelHost.LoadAsync(model.Path, settings, cancellationToken: cancellationToken);
                        outcome = await EvaluateAsync(host, verifier, sample, cancellationToken);
                        store.Put(key, sample.Id, outcome);
                        computed++;
                    }
                    outcomes.Add(outcome);
                    done++;
                }
            }
            finally
            {
                if (host is not null)
                    await host.DisposeAsync();
            }
            results.Add(new FormatFimResults(model, outcomes, computed));
        }
        progress?.Report(new BenchStep("done", total, total));
        return results;
    }

    private async Task<FimOutcome> EvaluateAsync(ModelHost host, SuggestionVerifier verifier, FimSample sample, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workspace.Folder, sample.File);
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var masked = text.Remove(sample.Start, sample.Length);
        var request = FittingRequest(host, text[..sample.Start], text[(sample.Start + sample.Length)..], sample.File);
        var completion = (await host.CompleteAsync(request, new GenerationOptions { MaxTokens = maxTokens }, cancellationToken: cancellationToken)).Text;

        workspace.SetOpenDocumentText(path, masked);
        try
        {
            var verdict = await verifier.VerifyAsync(path, Suggestion.Insert(sample.Start, completion), cancellationToken);
            return new FimOutcome(sample.Id, sample.Kind, completion, completion.Trim() == sample.Expected.Trim(),
                EditSimilarity.Of(completion.Trim(), sample.Expected.Trim()), verdict.VerdictName,
                verdict.NewDiagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToArray());
        }
        finally
        {
            workspace.CloseDocument(path);
        }
    }

    /// <summary>The nearest part of the prefix and suffix that leaves room for the completion in the context.</summary>
    private FimRequest FittingRequest(ModelHost host, string prefix, string suffix, string file)
    {
        var builder = host.PromptBuilder ?? throw new InvalidOperationException(
            $"{Path.GetFileName(host.File.Parts[0].Path)} has no fill-in-the-middle tokens.");
        var budget = (int)settings.ContextSize - maxTokens - 1;
        while (true)
        {
            var request = new FimRequest(prefix, suffix, FilePath: file);
            if (builder.Build(request).Tokens.Count <= budget)
                return request;
            prefix = prefix[(prefix.Length / 4)..];
            suffix = suffix[..(suffix.Length * 3 / 4)];
        }
    }
}
