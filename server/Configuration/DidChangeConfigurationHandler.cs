using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Configuration;

[LspMethod("workspace/didChangeConfiguration")]
public sealed record DidChangeConfigurationNotification(DidChangeConfigurationParams Params) : ILspNotification;

public sealed class DidChangeConfigurationHandler(SettingsService settings) : IRequestHandler<DidChangeConfigurationNotification>
{
    public async ValueTask<Unit> Handle(DidChangeConfigurationNotification notification, CancellationToken cancellationToken)
    {
        await settings.RefreshAsync(notification.Params.Settings, cancellationToken);
        return Unit.Value;
    }
}
