using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;
using CodeAssist.Server.Telemetry;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Telemetry.Events;
using Microsoft.Extensions.Time.Testing;

namespace CodeAssist.Server.Tests.Telemetry;

/// <summary>
/// The real server in process on a fake clock, with no model: a test shows suggestions to its
/// <see cref="SuggestionTracker"/> and edits its documents the way the didOpen/didChange/didSave handlers do, then reads
/// the events its telemetry stored.
/// </summary>
public sealed class ServingCore : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private int _version = 1;

    public ServingCore() => Server = InProcessServer.Start(Clock);

    public FakeTimeProvider Clock { get; } = new(Start);

    public InProcessServer Server { get; }

    public SuggestionTracker Tracker => Server.Get<SuggestionTracker>();

    public static TextDocument Document(string text, string uri = "file:///work/Calculator.cs") => new(uri, "csharp", 1, text);

    /// <summary>Shows <paramref name="text"/> at <paramref name="offset"/> of <paramref name="shownIn"/> and returns its id.</summary>
    public string Show(TextDocument shownIn, int offset, string text)
    {
        var id = Guid.NewGuid().ToString("N");
        Tracker.Shown(new PendingSuggestion(id, null, shownIn, offset, text, "invoked"),
            context => new SuggestionShown { Context = context, SuggestionId = id, Chars = text.Length });
        return id;
    }

    public void Open(TextDocument document) =>
        Listeners.Changed(Documents.Open(new TextDocumentItem(document.Uri, document.LanguageId, document.Version, document.Text)));

    /// <summary>A full-text change, as an editor that does not send ranges sends every keystroke.</summary>
    public void Edit(string uri, string text) =>
        Listeners.Changed(Documents.Change(new VersionedTextDocumentIdentifier(uri, ++_version), [new TextDocumentContentChangeEvent(text)]));

    public void Save(string uri) => Listeners.Saved(Documents.Save(uri));

    public Task<IReadOnlyList<CodeAssist.Telemetry.Storage.EventRow>> EventsAsync(string kind) => Server.EventsAsync(kind);

    public Task<IReadOnlyList<CodeAssist.Telemetry.Storage.EventRow>> EventsAsync(string kind, int count) => Server.EventsAsync(kind, count);

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private DocumentStore Documents => Server.Get<DocumentStore>();

    private DocumentListeners Listeners => Server.Get<DocumentListeners>();
}
