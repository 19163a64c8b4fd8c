using CodeAssist.Server.Commands;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Lifecycle;

/// <summary>What initialize advertises: exactly the features that have handlers.</summary>
public sealed class ServerCapabilitiesFactory(IEnumerable<IWorkspaceCommand> commands)
{
    public ServerCapabilities Create(PositionEncoding encoding) => new()
    {
        PositionEncoding = encoding.ToKind(),
        TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: TextDocumentSyncKind.Incremental, Save: new SaveOptions(IncludeText: false)),
        InlineCompletionProvider = new InlineCompletionOptions(),
        CompletionProvider = new CompletionOptions(TriggerCharacters: null, ResolveProvider: false),
        CodeActionProvider = new CodeActionOptions([CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.RefactorExtract], ResolveProvider: true),
        ExecuteCommandProvider = new ExecuteCommandOptions([.. commands.Select(c => c.Name).Order(StringComparer.Ordinal)]),
    };
}
