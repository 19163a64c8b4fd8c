using CodeAssist.Server.Inference;
using CodeAssist.Server.Lsp.Dispatch;
using Mediator;

namespace CodeAssist.Server.Completion;

public sealed record InjectCompletionParams(string Text);

[LspMethod("codeassist/test/injectCompletion", TestOnly = true)]
public sealed record InjectCompletionRequest(InjectCompletionParams Params) : IRequest<object?>;

/// <summary><c>codeassist/test/injectCompletion</c>: the test seam (routed only with CODEASSIST_TEST_SEAMS=1).</summary>
public sealed class InjectCompletionHandler(InjectedCompletionModel model) : IRequestHandler<InjectCompletionRequest, object?>
{
    public ValueTask<object?> Handle(InjectCompletionRequest request, CancellationToken cancellationToken)
    {
        model.Enqueue(request.Params.Text);
        return ValueTask.FromResult<object?>(null);
    }
}
