using CodeAssist.Server.Lsp.Dispatch;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Lifecycle;

[LspMethod("exit", Mutates = true)]
public sealed record ExitNotification : ILspNotification;

public sealed class ExitHandler(ServerLifecycle lifecycle, ILogger<ExitHandler> logger) : IRequestHandler<ExitNotification>
{
    public ValueTask<Unit> Handle(ExitNotification notification, CancellationToken cancellationToken)
    {
        logger.LogInformation("Exit ({State})", lifecycle.State);
        lifecycle.Exit();
        return ValueTask.FromResult(Unit.Value);
    }
}
