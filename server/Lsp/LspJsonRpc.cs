using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace CodeAssist.Server.Lsp;

/// <summary>StreamJsonRpc as an LSP endpoint: error answers carry a code and a message, never server internals.</summary>
public sealed class LspJsonRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
{
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var details = base.CreateErrorDetails(request, exception);
        details.Data = null;
        return details;
    }
}
