using CodeAssist.Server.Configuration;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Lifecycle;

public sealed record InitializedNotification(InitializedParams Params) : ILspNotification;

/// <summary>The client is ready: open the folder in Roslyn and pull the settings (which loads the configured model).</summary>
public sealed class InitializedHandler(SettingsService settings, ServerLifecycle lifecycle, WorkspaceSync workspace) : IRequestHandler<InitializedNotification>
{
    public async ValueTask<Unit> Handle(InitializedNotification notification, CancellationToken cancellationToken)
    {
        workspace.OpenFolder(RootFolder(lifecycle.Client));
        await settings.RefreshAsync(lifecycle.Client?.InitializationOptions, cancellationToken);
        return Unit.Value;
    }

    private static string? RootFolder(InitializeParams? client)
    {
        var uri = client?.WorkspaceFolders is [var first, ..] ? first.Uri : client?.RootUri;
        if (uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
            return parsed.LocalPath;
        return client?.RootPath;
    }
}
