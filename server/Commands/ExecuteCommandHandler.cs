using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Commands;

[LspMethod("workspace/executeCommand")]
public sealed record ExecuteCommandRequest(ExecuteCommandParams Params, DocumentSnapshot Documents) : IRequest<object?>;

public sealed class ExecuteCommandHandler(IEnumerable<IWorkspaceCommand> commands) : IRequestHandler<ExecuteCommandRequest, object?>
{
    private readonly Dictionary<string, IWorkspaceCommand> _commands = commands.ToDictionary(c => c.Name);

    public IReadOnlyCollection<string> Names => _commands.Keys;

    public async ValueTask<object?> Handle(ExecuteCommandRequest request, CancellationToken cancellationToken)
    {
        if (!_commands.TryGetValue(request.Params.Command, out var command))
            throw new LspException(ErrorCodes.InvalidParams, $"Unknown command {request.Params.Command}; known: {string.Join(", ", _commands.Keys.Order())}.");
        return await command.ExecuteAsync(request.Params.Arguments ?? [], request.Documents, cancellationToken);
    }
}
