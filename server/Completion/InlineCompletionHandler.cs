using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Protocol;
using Mediator;

namespace CodeAssist.Server.Completion;

[LspMethod("textDocument/inlineCompletion")]
public sealed record InlineCompletionRequest(InlineCompletionParams Params, DocumentSnapshot Documents) : IRequest<InlineCompletionList?>;

public sealed class InlineCompletionHandler(SuggestionService suggestions) : IRequestHandler<InlineCompletionRequest, InlineCompletionList?>
{
    public async ValueTask<InlineCompletionList?> Handle(InlineCompletionRequest request, CancellationToken cancellationToken)
    {
        var trigger = request.Params.Context.TriggerKind == InlineCompletionTriggerKind.Invoked ? "invoked" : "automatic";
        var suggestion = await SuggestionItem.RequestAsync(suggestions, request.Documents, request.Params.TextDocument.Uri, request.Params.Position, trigger, cancellationToken);
        return new InlineCompletionList(suggestion is null ? [] : [suggestion.ToInlineItem()]);
    }
}
