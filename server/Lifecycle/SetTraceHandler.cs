using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Lifecycle;

[LspMethod("$/setTrace", Mutates = true)]
public sealed record SetTraceNotification(SetTraceParams Params) : ILspNotification;

public sealed class SetTraceHandler(ServerLifecycle lifecycle) : IRequestHandler<SetTraceNotification>
{
    public ValueTask<Unit> Handle(SetTraceNotification notification, CancellationToken cancellationToken)
    {
        lifecycle.Trace = notification.Params.Value;
        return ValueTask.FromResult(Unit.Value);
    }
}
