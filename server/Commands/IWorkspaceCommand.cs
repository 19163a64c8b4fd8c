using System.Text.Json;

namespace CodeAssist.Server.Commands;

/// <summary>A command the client can run with workspace/executeCommand; advertised in executeCommandProvider.</summary>
public interface IWorkspaceCommand
{
    string Name { get; }

    Task<object?> ExecuteAsync(JsonElement[] arguments, CancellationToken cancellationToken);
}
