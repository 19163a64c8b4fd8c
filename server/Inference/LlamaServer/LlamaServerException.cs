namespace CodeAssist.Server.Inference.LlamaServer;

/// <summary>Why a llama-server request failed, in the terms the user can act on.</summary>
public enum LlamaServerFailure
{
    /// <summary>Nothing answers at the URL: the server is down or the URL is wrong.</summary>
    Unreachable,

    /// <summary>401/403: the API key is missing or wrong.</summary>
    Unauthorized,

    /// <summary>The router knows no model of that name, or could not load it.</summary>
    UnknownModel,

    /// <summary>A 5xx answer or an error event in the stream.</summary>
    ServerError,

    /// <summary>No answer within the request's time budget.</summary>
    Timeout,

    /// <summary>An answer that is not what llama-server sends (another program on the port?).</summary>
    BadResponse,
}

/// <summary>A failed llama-server request. The message never contains the API key.</summary>
public sealed class LlamaServerException(LlamaServerFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public LlamaServerFailure Failure { get; } = failure;
}
