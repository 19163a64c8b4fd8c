namespace CodeAssist.Server.Lsp;

/// <summary>A failure the client should see as a JSON-RPC error with this code and message.</summary>
public sealed class LspException(int code, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Code { get; } = code;

    /// <summary>
    /// What the server log may say of this error. The message goes to the client and may quote the user's code (a
    /// rewrite's compile errors with their lines); the log file never does, so such errors give a summary here.
    /// </summary>
    public string LogMessage { get; init; } = message;
}
