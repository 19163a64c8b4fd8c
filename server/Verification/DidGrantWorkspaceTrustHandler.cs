using CodeAssist.Server.Lsp.Dispatch;
using Mediator;

namespace CodeAssist.Server.Verification;

/// <summary>Sent by the VS Code extension when the user trusts the folder (vscode.workspace.onDidGrantWorkspaceTrust).</summary>
[LspMethod("codeassist/didGrantWorkspaceTrust", Mutates = true)]
public sealed record DidGrantWorkspaceTrustNotification : ILspNotification;

public sealed class DidGrantWorkspaceTrustHandler(WorkspaceSync workspace) : IRequestHandler<DidGrantWorkspaceTrustNotification>
{
    public ValueTask<Unit> Handle(DidGrantWorkspaceTrustNotification notification, CancellationToken cancellationToken)
    {
        workspace.GrantTrust();
        return ValueTask.FromResult(Unit.Value);
    }
}
