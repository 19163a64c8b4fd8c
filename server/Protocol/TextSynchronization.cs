namespace CodeAssist.Server.Protocol;

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

/// <summary>With <see cref="Range"/> an incremental edit; without, the whole new text.</summary>
public sealed record TextDocumentContentChangeEvent(string Text, Range? Range = null, int? RangeLength = null);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text = null);
