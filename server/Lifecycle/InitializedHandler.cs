using CodeAssist.Server.Configuration;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Lifecycle;

[LspMethod("initialized")]
public sealed record InitializedNotification(InitializedParams Params) : ILspNotification;

/// <summary>The client is ready for our requests: pull the settings (which loads the configured model).</summary>
public sealed class InitializedHandler(SettingsService settings, ServerLifecycle lifecycle, WorkspaceSync workspace) : IRequestHandler<InitializedNotification>
{
    public async ValueTask<Unit> Handle(InitializedNotification notification, CancellationToken cancellationToken)
    {
        workspace.WarmUp();
        await settings.RefreshAsync(lifecycle.Client?.InitializationOptions, cancellationToken);
        return Unit.Value;
    }
}
