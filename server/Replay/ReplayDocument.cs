using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Replay;

/// <summary>The replaying editor's copy of an open document: its text and version, and the LSP messages of each edit.</summary>
public sealed class ReplayDocument(string uri, string text)
{
    private int _version = 1;

    public string Uri { get; } = uri;

    public string Text { get; private set; } = text;

    public TextDocumentIdentifier Identifier => new(Uri);

    public DidOpenTextDocumentParams Open() => new(new TextDocumentItem(Uri, "csharp", _version, Text));

    public DidChangeTextDocumentParams Insert(int offset, string inserted) => Replace(offset, 0, inserted);

    public DidChangeTextDocumentParams Delete(int offset, int length) => Replace(offset, length, "");

    /// <summary>UTF-16 line and character, the LSP default encoding (the replay never negotiates another).</summary>
    public Position PositionOf(int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart);
    }

    private DidChangeTextDocumentParams Replace(int offset, int length, string inserted)
    {
        var range = new Range(PositionOf(offset), PositionOf(offset + length));
        Text = Text.Remove(offset, length).Insert(offset, inserted);
        return new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(Uri, ++_version), [new TextDocumentContentChangeEvent(inserted, range)]);
    }
}
