using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Completion;

[LspMethod("textDocument/completion")]
public sealed record CompletionRequest(CompletionParams Params, DocumentSnapshot Documents) : IRequest<CompletionList?>;

/// <summary>The same suggestion as inline completion, as one completion item, for clients without inline completion.</summary>
public sealed class CompletionHandler(SuggestionService suggestions) : IRequestHandler<CompletionRequest, CompletionList?>
{
    public async ValueTask<CompletionList?> Handle(CompletionRequest request, CancellationToken cancellationToken)
    {
        var suggestion = await SuggestionItem.RequestAsync(suggestions, request.Documents, request.Params.TextDocument.Uri, request.Params.Position, "completion", cancellationToken);
        return new CompletionList(IsIncomplete: true, suggestion is null ? [] : [suggestion.ToCompletionItem()]);
    }
}
