using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Documents;

/// <summary>An immutable version of an open document.</summary>
public sealed class TextDocument
{
    private LineIndex? _lines;

    public TextDocument(string uri, string languageId, int version, string text, bool outOfSync = false)
    {
        Uri = uri;
        LanguageId = languageId;
        Version = version;
        Text = text;
        OutOfSync = outOfSync;
    }

    public string Uri { get; }
    public string LanguageId { get; }
    public int Version { get; }
    public string Text { get; }

    /// <summary>An edit could not be applied; the text is stale until the client sends a full change.</summary>
    public bool OutOfSync { get; }

    public LineIndex Lines => _lines ??= new LineIndex(Text);

    public string? FilePath => System.Uri.TryCreate(Uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : null;

    public TextDocument WithText(int version, string text) => new(Uri, LanguageId, version, text);

    public TextDocument MarkOutOfSync(int version) => new(Uri, LanguageId, version, Text, outOfSync: true);

    /// <summary>Applies the changes of one didChange in order, as the spec requires.</summary>
    public TextDocument Apply(int version, IReadOnlyList<TextDocumentContentChangeEvent> changes, PositionEncoding encoding)
    {
        var document = this;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                document = document.WithText(version, change.Text);
                continue;
            }
            if (document.OutOfSync)
                continue; // only a full change can bring the text back
            var start = document.Lines.ToOffset(change.Range.Start, encoding);
            var end = document.Lines.ToOffset(change.Range.End, encoding);
            if (end < start)
                throw new PositionOutOfRangeException(change.Range.End, "the range ends before it starts");
            var text = string.Concat(document.Text.AsSpan(0, start), change.Text, document.Text.AsSpan(end));
            document = document.WithText(version, text);
        }
        return document.Version == version ? document : new TextDocument(Uri, LanguageId, version, document.Text, document.OutOfSync);
    }
}
