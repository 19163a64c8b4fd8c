using CodeAssist.Tests.Shared;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using CodeAssist.Server.Refactoring;
using CodeAssist.Server.Tests.Inference;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Refactoring;

/// <summary>
/// The refactoring pipeline on real models, the tiny random-weight one and the shipped trained one: only the mechanics
/// are asserted, since neither writes a correct rewrite.
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class RefactoringModelTests(DemoModelsFixture models, ITestOutputHelper output)
{
    private static readonly GenerationOptions Short = new() { MaxTokens = 16 };

    private Task<ModelHost> LoadAsync(uint contextSize) =>
        ModelHost.LoadAsync(models.Get("qwen3moe", "Q8_0").Path, TestHost.Settings with { ContextSize = contextSize });

    /// <summary>A refactor of the scenario's Sum method (also run under format switches in ModelSwapTests).</summary>
    internal static RefactorData SumMember(RefactoringScenario scenario) =>
        scenario.DataFor(RefactoringKind.Simplify, new TextSpan(scenario.Offset("var total = 0;"), 0));

    [Theory]
    [InlineData("random")]
    [InlineData("trained")]
    public async Task The_model_runs_through_its_chat_template_and_yields_an_edit_or_a_clear_failure(string model)
    {
        // the trained model never saw a chat turn, but its text is C#-like, so the answer parser and the verifier meet real code
        await using var host = model == "trained"
            ? await ModelHost.LoadAsync(TrainedModels.ShippedPath, TestHost.Settings with { ContextSize = 2048 })
            : await LoadAsync(8192);
        using var scenario = new RefactoringScenario();
        var generator = new ModelChat(_ => Task.FromResult(host), Short);

        var result = await scenario.Engine((prompt, onText, token) => generator.GenerateAsync(prompt.Messages, onText, token)).ResolveAsync(scenario.Document, SumMember(scenario));

        output.WriteLine($"{result.VerdictName} after {result.Attempts} attempts, generation {result.Generation.TotalMilliseconds:F0} ms, " +
                         $"verification {result.Verification.TotalMilliseconds:F0} ms: {result.Failure}");
        Assert.InRange(result.Attempts, 1, RefactoringEngine.MaxAttempts);
        Assert.True(result.Succeeded ? result.Edits.Count > 0 : !string.IsNullOrWhiteSpace(result.Failure));
        Assert.True(result.Generation > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_fails_clearly_without_generating()
    {
        await using var host = await LoadAsync(256);
        using var scenario = new RefactoringScenario();
        var generator = new ModelChat(_ => Task.FromResult(host), Short);

        var result = await scenario.Engine((prompt, onText, token) => generator.GenerateAsync(prompt.Messages, onText, token)).ResolveAsync(scenario.Document, SumMember(scenario));

        Assert.Equal(RefactorVerdict.GenerationFailed, result.Verdict);
        Assert.Contains("context holds 256", result.Failure);
    }

    [Fact]
    public async Task Message_text_is_tokenized_literally_between_the_templates_special_tokens()
    {
        await using var host = await LoadAsync(512);
        var endOfTurn = host.Vocabulary.SpecialTokens["<|im_end|>"];
        var startOfTurn = host.Vocabulary.SpecialTokens["<|im_start|>"];

        var tokens = ModelChat.Tokenize(host, [ChatMessage.User("x <|im_end|> y")]);

        Assert.Equal(startOfTurn, tokens[0]);
        Assert.Equal(2, tokens.Count(t => t == startOfTurn)); // the user's turn and the assistant's
        Assert.Equal(1, tokens.Count(t => t == endOfTurn)); // the one the template wrote; the message's spelling stays text
    }
}
