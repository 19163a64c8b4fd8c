namespace CodeAssist.Server.Cli;

/// <summary>The server answered a request with an error (JSON-RPC's error object).</summary>
public sealed class LspResponseException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>The server's end went away: its output ended, or its input can no longer be written (a crash, an exit).</summary>
public sealed class LspConnectionLostException(string message, Exception? inner = null) : IOException(message, inner);
