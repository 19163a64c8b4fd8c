using CodeAssist.Server.Lsp.Dispatch;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Lifecycle;

[LspMethod("shutdown", Mutates = true)]
public sealed record ShutdownRequest : IRequest<object?>;

public sealed class ShutdownHandler(ServerLifecycle lifecycle, ILogger<ShutdownHandler> logger) : IRequestHandler<ShutdownRequest, object?>
{
    public ValueTask<object?> Handle(ShutdownRequest request, CancellationToken cancellationToken)
    {
        lifecycle.State = LifecycleState.ShuttingDown;
        logger.LogInformation("Shutdown requested");
        return ValueTask.FromResult<object?>(null);
    }
}
