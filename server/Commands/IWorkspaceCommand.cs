using System.Text.Json;
using CodeAssist.Server.Documents;

namespace CodeAssist.Server.Commands;

/// <summary>A command the client can run with workspace/executeCommand; advertised in executeCommandProvider.</summary>
public interface IWorkspaceCommand
{
    string Name { get; }

    Task<object?> ExecuteAsync(JsonElement[] arguments, DocumentSnapshot documents, CancellationToken cancellationToken);
}
