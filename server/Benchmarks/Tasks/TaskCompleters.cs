using CodeAssist.Server.Inference;

namespace CodeAssist.Benchmarks.Tasks;

/// <summary>Where completions of task prompts come from: a loaded model, or (in harness tests) known answers.</summary>
public interface ITaskCompleter : IAsyncDisposable
{
    Task<string> CompleteAsync(MultiPLETask task, CancellationToken cancellationToken);
}

/// <summary>Opens a completer for one model only when some of its tasks have no stored result yet.</summary>
public interface ITaskCompleterFactory
{
    /// <summary>Part of every result key: a change here (e.g. the token limit) means stored results no longer apply.</summary>
    string Config { get; }

    Task<ITaskCompleter> OpenAsync(BenchModel model, CancellationToken cancellationToken);
}

/// <summary>Greedy left-to-right completion with the model host's session, stopped as soon as a stop token appears.</summary>
public sealed class ModelTaskCompleterFactory(ModelHostSettings settings, int maxTokens) : ITaskCompleterFactory
{
    public string Config => $"greedy;max-tokens={maxTokens}";

    public async Task<ITaskCompleter> OpenAsync(BenchModel model, CancellationToken cancellationToken) =>
        new ModelTaskCompleter(await ModelHost.LoadAsync(model.Path, settings, cancellationToken: cancellationToken), maxTokens);

    private sealed class ModelTaskCompleter(ModelHost host, int maxTokens) : ITaskCompleter
    {
        public async Task<string> CompleteAsync(MultiPLETask task, CancellationToken cancellationToken)
        {
            var text = new System.Text.StringBuilder();
            using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var options = new GenerationOptions { MaxTokens = maxTokens };
            // the session ends a request it sees cancelled; a stop token is our reason to end it early
            // a model that expects a BOS token (llama-style) gets one, as llama.cpp's own tools give it
            IReadOnlyList<LLama.Native.LLamaToken> prompt = host.Vocabulary.BeginningOfSequence is { } bos ? [bos, .. host.Tokenize(task.Prompt)] : host.Tokenize(task.Prompt);
            var result = await host.Session.GenerateAsync(prompt, options, piece =>
            {
                text.Append(piece);
                if (task.StopTokens.Any(stop => text.ToString().Contains(stop, StringComparison.Ordinal)))
                    stopped.Cancel();
            }, stopped.Token);
            cancellationToken.ThrowIfCancellationRequested();
            return task.Cut(result.Text);
        }

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
