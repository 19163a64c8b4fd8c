using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Lsp.Dispatch;

public enum LifecycleState
{
    Uninitialized,
    Initialized,
    ShuttingDown,
}

/// <summary>Where the server is between initialize and exit, and what the client told us at initialize.</summary>
public sealed class ServerLifecycle
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LifecycleState State { get; set; } = LifecycleState.Uninitialized;

    public InitializeParams? Client { get; set; }

    /// <summary>"off", "messages" or "verbose", from initialize and $/setTrace.</summary>
    public string Trace { get; set; } = "off";

    public bool ClientSupportsConfiguration => Client?.Capabilities.Workspace?.Configuration == true;

    public bool ClientSupportsWorkDoneProgress => Client?.Capabilities.Window?.WorkDoneProgress == true;

    /// <summary>Completes with the process exit code: 0 after shutdown, 1 otherwise (LSP rule).</summary>
    public Task<int> Exited => _exit.Task;

    public void Exit() => _exit.TrySetResult(State == LifecycleState.ShuttingDown ? 0 : 1);
}
