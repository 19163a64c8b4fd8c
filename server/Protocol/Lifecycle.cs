using System.Text.Json;

namespace CodeAssist.Server.Protocol;

public sealed record ClientInfo(string Name, string? Version = null);

public sealed record InitializeParams
{
    public int? ProcessId { get; init; }
    public ClientInfo? ClientInfo { get; init; }
    public string? RootUri { get; init; }
    public string? RootPath { get; init; }
    public WorkspaceFolder[]? WorkspaceFolders { get; init; }
    public ClientCapabilities Capabilities { get; init; } = new();
    public JsonElement? InitializationOptions { get; init; }
    public string? Trace { get; init; }
}

public sealed record ClientCapabilities
{
    public GeneralClientCapabilities? General { get; init; }
    public WindowClientCapabilities? Window { get; init; }
    public WorkspaceClientCapabilities? Workspace { get; init; }
    public TextDocumentClientCapabilities? TextDocument { get; init; }
}

public sealed record GeneralClientCapabilities(string[]? PositionEncodings = null);

public sealed record WindowClientCapabilities(bool? WorkDoneProgress = null, JsonElement? ShowMessage = null);

public sealed record WorkspaceClientCapabilities(bool? Configuration = null, JsonElement? DidChangeConfiguration = null);

public sealed record TextDocumentClientCapabilities(JsonElement? InlineCompletion = null, JsonElement? Completion = null, JsonElement? CodeAction = null);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string Version);

public sealed record ServerCapabilities
{
    public required string PositionEncoding { get; init; }
    public required TextDocumentSyncOptions TextDocumentSync { get; init; }
    public InlineCompletionOptions? InlineCompletionProvider { get; init; }
    public CompletionOptions? CompletionProvider { get; init; }
    public CodeActionOptions? CodeActionProvider { get; init; }
    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }
}

public static class TextDocumentSyncKind
{
    public const int None = 0;
    public const int Full = 1;
    public const int Incremental = 2;
}

public sealed record SaveOptions(bool IncludeText);

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);

public sealed record InlineCompletionOptions(bool WorkDoneProgress = false);

public sealed record CompletionOptions(string[]? TriggerCharacters = null, bool ResolveProvider = false);

public sealed record CodeActionOptions(string[] CodeActionKinds, bool ResolveProvider);

public sealed record ExecuteCommandOptions(string[] Commands);

public sealed record InitializedParams;

public sealed record SetTraceParams(string Value);

public sealed record LogTraceParams(string Message, string? Verbose = null);
