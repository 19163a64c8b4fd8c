namespace CodeAssist.Server.Lsp;

/// <summary>A failure the client should see as a JSON-RPC error with this code and message.</summary>
public sealed class LspException(int code, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Code { get; } = code;
}
