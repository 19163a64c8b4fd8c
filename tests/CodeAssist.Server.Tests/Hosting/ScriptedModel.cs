using System.Collections.Concurrent;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// The completion model double a test registers through <see cref="Configuration.ServerOptions.CompletionModel"/>: always
/// ready under one label, it answers completions and refactors with the scripted texts in order and keeps the prompts it
/// was given, so the serving core runs for real around answers the test chose.
/// </summary>
public sealed class ScriptedModel : ICompletionModel
{
    private readonly ConcurrentQueue<string> _answers = new();

    public ScriptedModel(string label = "Q8_0")
    {
        var fingerprint = new ModelFingerprint("scripted", false, null, "unknown", 0, 0, [], [], Sha256: new string('0', 64));
        Current = new ServedModel(label, "scripted", Guid.NewGuid(), Task.FromResult(fingerprint), new ModelRuntime("scripted", "test", 0, 1, 4096));
        Status = new ModelStatus(ModelState.Ready, label, null);
    }

    public ConcurrentQueue<FimRequest> Requests { get; } = new();

    public ModelStatus Status { get; }

    public event Action<ModelStatus>? StatusChanged;

    public ServedModel Current { get; }

    ServedModel? ICompletionModel.Current => Current;

    public bool Serves => true;

    public void Answer(params string[] texts)
    {
        foreach (var text in texts)
            _answers.Enqueue(text);
    }

    /// <summary>Settings change nothing here; the status is announced as a real backend would after a load.</summary>
    public Task<ModelStatus> ApplyAsync(ModelRegistrySettings settings, IProgress<ModelLoadProgress>? progress, CancellationToken cancellationToken)
    {
        StatusChanged?.Invoke(Status);
        return Task.FromResult(Status);
    }

    public Task<RawCompletion> CompleteAsync(FimRequest request, GenerationOptions options, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Task.FromResult(new RawCompletion(Current, null, Next()));
    }

    public Task<string> ChatAsync(IReadOnlyList<ChatMessage> messages, GenerationOptions options, Action<string> onText, CancellationToken cancellationToken) =>
        Task.FromResult(Next());

    private string Next() => _answers.TryDequeue(out var text) ? text : throw new InvalidOperationException("The test scripted no more answers.");
}
