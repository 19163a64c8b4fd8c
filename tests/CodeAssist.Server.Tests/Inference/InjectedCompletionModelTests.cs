using CodeAssist.Server.Inference;
using CodeAssist.Server.Tests.Hosting;

namespace CodeAssist.Server.Tests.Inference;

/// <summary>The process-level test seam: injected answers come first, one per request, then the real model answers.</summary>
public sealed class InjectedCompletionModelTests
{
    private static readonly FimRequest Request = new("int Add(int a, int b) => ", ";");

    [Fact]
    public async Task Injected_texts_answer_completions_and_chats_in_order_before_the_model()
    {
        var inner = new ScriptedModel();
        inner.Answer("from the model");
        var model = new InjectedCompletionModel(inner);
        model.Enqueue("first");
        model.Enqueue("second");

        var first = await model.CompleteAsync(Request, new GenerationOptions(), CancellationToken.None);
        var second = await model.ChatAsync([ChatMessage.User("refactor")], new GenerationOptions(), _ => { }, CancellationToken.None);
        var third = await model.CompleteAsync(Request, new GenerationOptions(), CancellationToken.None);

        Assert.Equal(("first", "second", "from the model"), (first.Text, second, third.Text));
        Assert.Null(first.Generation);
        Assert.Same(inner.Current, first.Model);
        Assert.Single(inner.Requests); // only the third reached the model
    }

    [Fact]
    public void It_serves_while_answers_are_queued_even_without_a_model()
    {
        var model = new InjectedCompletionModel(new ScriptedModel());
        model.Enqueue("x");

        Assert.True(model.Serves);
        Assert.Equal(ModelState.Ready, model.Status.State);
    }
}
