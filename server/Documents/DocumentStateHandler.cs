using System.Security.Cryptography;
using System.Text;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Documents;

public sealed record DocumentStateParams(TextDocumentIdentifier TextDocument);

/// <summary>Enough to check that the server's copy matches the editor's, without sending the code back.</summary>
public sealed record DocumentState(int Version, int Length, int Lines, string Sha256, bool OutOfSync);

[LspMethod("codeassist/documentState")]
public sealed record DocumentStateRequest(DocumentStateParams Params, DocumentSnapshot Documents) : IRequest<DocumentState>;

/// <summary><c>codeassist/documentState</c>: diagnoses sync problems between editor and server.</summary>
public sealed class DocumentStateHandler : IRequestHandler<DocumentStateRequest, DocumentState>
{
    public ValueTask<DocumentState> Handle(DocumentStateRequest request, CancellationToken cancellationToken)
    {
        var document = request.Documents.Get(request.Params.TextDocument.Uri);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document.Text)));
        return ValueTask.FromResult(new DocumentState(document.Version, document.Text.Length, document.Lines.LineCount, hash, document.OutOfSync));
    }
}
