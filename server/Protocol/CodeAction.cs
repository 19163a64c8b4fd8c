using System.Text.Json;

namespace CodeAssist.Server.Protocol;

public static class CodeActionKind
{
    public const string Empty = "";
    public const string QuickFix = "quickfix";
    public const string Refactor = "refactor";
    public const string RefactorExtract = "refactor.extract";
    public const string RefactorInline = "refactor.inline";
    public const string RefactorRewrite = "refactor.rewrite";
    public const string Source = "source";
}

public static class CodeActionTriggerKind
{
    public const int Invoked = 1;
    public const int Automatic = 2;
}

public static class DiagnosticSeverity
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;
}

/// <summary>A diagnostic as the client reports it; <see cref="Code"/> is an integer or a string on the wire.</summary>
public sealed record Diagnostic(Range Range, string Message, int? Severity = null, JsonElement? Code = null, string? Source = null, JsonElement? Data = null);

public sealed record CodeActionContext(Diagnostic[] Diagnostics, string[]? Only = null, int? TriggerKind = null);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext Context);

public sealed record CodeActionDisabled(string Reason);

public sealed record OptionalVersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, TextEdit[] Edits);

/// <summary>Either <see cref="Changes"/> or <see cref="DocumentChanges"/> (versioned, preferred when the client supports it).</summary>
public sealed record WorkspaceEdit(Dictionary<string, TextEdit[]>? Changes = null, TextDocumentEdit[]? DocumentChanges = null);

public sealed record CodeAction
{
    public required string Title { get; init; }
    public string? Kind { get; init; }
    public Diagnostic[]? Diagnostics { get; init; }
    public bool? IsPreferred { get; init; }
    public CodeActionDisabled? Disabled { get; init; }
    public WorkspaceEdit? Edit { get; init; }
    public Command? Command { get; init; }
    public JsonElement? Data { get; init; }
}

public sealed record ApplyWorkspaceEditParams(WorkspaceEdit Edit, string? Label = null);

public sealed record ApplyWorkspaceEditResult(bool Applied, string? FailureReason = null, int? FailedChange = null);
