using CodeAssist.Server.Commands;
using CodeAssist.Server.Completion;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lifecycle;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Lsp.Transport;
using CodeAssist.Server.Protocol;
using CodeAssist.Server.Refactoring;
using CodeAssist.Server.Telemetry;

namespace CodeAssist.Server.Lsp;

/// <summary>
/// Every LSP method the server implements and the message its one handler takes. Document mutations are marked
/// so the queue applies them alone and in order; everything else runs concurrently on a snapshot.
/// </summary>
public static class LspRoutes
{
    public static void Map(LspRouter router, ServerOptions options)
    {
        router.Request<InitializeParams, InitializeRequest, InitializeResult>("initialize", (p, _) => new(p), mutates: true);
        router.Notification<InitializedParams, InitializedNotification>("initialized", p => new(p), mutates: false);
        router.Request<NoParams, ShutdownRequest, object?>("shutdown", (_, _) => new(), mutates: true);
        router.Notification<NoParams, ExitNotification>("exit", _ => new());
        router.Notification<SetTraceParams, SetTraceNotification>("$/setTrace", p => new(p));

        router.Notification<DidOpenTextDocumentParams, DidOpenNotification>("textDocument/didOpen", p => new(p));
        router.Notification<DidChangeTextDocumentParams, DidChangeNotification>("textDocument/didChange", p => new(p));
        router.Notification<DidCloseTextDocumentParams, DidCloseNotification>("textDocument/didClose", p => new(p));
        router.Notification<DidSaveTextDocumentParams, DidSaveNotification>("textDocument/didSave", p => new(p));
        router.Notification<DidChangeConfigurationParams, DidChangeConfigurationNotification>("workspace/didChangeConfiguration", p => new(p), mutates: false);

        router.Request<InlineCompletionParams, InlineCompletionRequest, InlineCompletionList?>("textDocument/inlineCompletion", (p, s) => new(p, s));
        router.Request<CompletionParams, CompletionRequest, CompletionList?>("textDocument/completion", (p, s) => new(p, s));

        router.Request<ExecuteCommandParams, ExecuteCommandRequest, object?>("workspace/executeCommand", (p, s) => new(p, s));
        router.Request<CodeActionParams, CodeActionRequest, CodeAction[]>("textDocument/codeAction", (p, s) => new(p, s));
        router.Request<CodeAction, CodeActionResolveRequest, CodeAction>("codeAction/resolve", (p, s) => new(p, s));
        router.Request<DocumentStateParams, DocumentStateRequest, DocumentState>("codeassist/documentState", (p, s) => new(p, s));
        if (options.TestSeams)
            router.Request<InjectCompletionParams, InjectCompletionRequest, object?>("codeassist/test/injectCompletion", (p, _) => new(p));
        router.Request<InvalidMessageNotification.Params, InvalidMessageRequest, object?>(InvalidMessageNotification.Method, (p, _) => new(p));
    }
}
