using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;
using Microsoft.Extensions.Logging;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Lifecycle;

[LspMethod("initialize", Mutates = true)]
public sealed record InitializeRequest(InitializeParams Params) : IRequest<InitializeResult>;

public sealed class InitializeHandler(
    ServerLifecycle lifecycle,
    DocumentStore documents,
    WorkspaceSync workspace,
    ServerCapabilitiesFactory capabilities,
    ILogger<InitializeHandler> logger) : IRequestHandler<InitializeRequest, InitializeResult>
{
    public ValueTask<InitializeResult> Handle(InitializeRequest request, CancellationToken cancellationToken)
    {
        var client = request.Params;
        var encoding = PositionEncodings.Negotiate(client.Capabilities.General?.PositionEncodings);
        documents.Encoding = encoding;
        lifecycle.Client = client;
        lifecycle.Trace = client.Trace ?? "off";
        lifecycle.State = LifecycleState.Initialized;
        // Opened here, in order with the document notifications that follow, so no document lands in a wrong workspace.
        workspace.OpenFolder(RootFolder(client), Trusted(client));
        logger.LogInformation("Initialized by {Client} {Version} (pid {Pid}), root {Root}, position encoding {Encoding}",
            client.ClientInfo?.Name ?? "an unnamed client", client.ClientInfo?.Version, client.ProcessId,
            client.RootUri ?? client.RootPath, encoding.ToKind());
        return ValueTask.FromResult(new InitializeResult(capabilities.Create(encoding), new ServerInfo("codeassist", ServerVersion.Current)));
    }

    /// <summary>
    /// VS Code's workspace trust, as the extension passes it (<c>initializationOptions.workspaceTrusted</c>); editors
    /// without the concept are trusted, as they run a folder's build themselves.
    /// </summary>
    private static bool Trusted(InitializeParams client) =>
        !(client.InitializationOptions is { ValueKind: System.Text.Json.JsonValueKind.Object } options
          && options.TryGetProperty("workspaceTrusted", out var trusted) && trusted.ValueKind == System.Text.Json.JsonValueKind.False);

    private static string? RootFolder(InitializeParams client)
    {
        var uri = client.WorkspaceFolders is [var first, ..] ? first.Uri : client.RootUri;
        if (uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
            return parsed.LocalPath;
        return client.RootPath;
    }
}
