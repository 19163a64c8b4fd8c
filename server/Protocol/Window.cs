namespace CodeAssist.Server.Protocol;

public static class MessageType
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Info = 3;
    public const int Log = 4;
    public const int Debug = 5;
}

public sealed record LogMessageParams(int Type, string Message);

public sealed record ShowMessageParams(int Type, string Message);

public sealed record WorkDoneProgressCreateParams(string Token);

public sealed record ProgressParams<T>(string Token, T Value);

public sealed record WorkDoneProgressBegin(string Title, string? Message = null, int? Percentage = null, bool Cancellable = false)
{
    public string Kind => "begin";
}

public sealed record WorkDoneProgressReport(string? Message = null, int? Percentage = null)
{
    public string Kind => "report";
}

public sealed record WorkDoneProgressEnd(string? Message = null)
{
    public string Kind => "end";
}
