using CodeAssist.Server.Completion.PostProcessing;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Inference;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Training;

/// <summary>
/// Behaviour that random weights cannot show, on the shipped trained model with real llama.cpp inference (greedy, one
/// thread): a random model's bytes are rarely valid UTF-8, so U+FFFD in its output says nothing about the decoder.
/// </summary>
public sealed class TrainedModelBehaviourTests(ITestOutputHelper output)
{
    /// <summary>
    /// The start of a FluentValidation translation file (the corpus has 59 of them), cut inside its first Greek string;
    /// greedy, the model goes on in Greek letters, each two bytes that llama.cpp's byte-level BPE spells as two tokens.
    /// </summary>
    private const string Translations = "namespace FluentValidation.Resources;\n\ninternal class GreekLanguage {\n\tpublic const string Culture = \"el\";\n\n" +
        "\tpublic static string GetTranslation(string key) => key switch {\n" +
        "\t\t\"EmailValidator\" => \"Το '";

    [Fact]
    public async Task Streamed_text_holds_a_split_multi_byte_character_until_it_is_whole()
    {
        await using var host = await ModelHost.LoadAsync(TrainedModels.ShippedPath, TestHost.Settings);
        var pieces = new List<string>();

        var result = await host.Session.GenerateAsync(host.Tokenize(Translations), new GenerationOptions { MaxTokens = 32 }, pieces.Add);

        output.WriteLine(string.Join(" | ", pieces));
        var nonAscii = result.Text.Where(c => c > 0x7F).Distinct().ToArray();
        // the generation went through characters that llama.cpp spells with more than one token, so a piece was held back
        Assert.Contains(nonAscii, c => host.Tokenize(c.ToString()).Count > 1);
        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD'));
        Assert.Equal(result.Text, string.Concat(pieces));
    }

    /// <summary>A file of the kind the corpus has; every non-empty line is a site, its text deleted after the indentation.</summary>
    private const string Basket = "using System.Collections.Generic;\n\nnamespace Shop;\n\npublic class Basket\n{\n" +
        "    private readonly List<decimal> _prices = new List<decimal>();\n\n" +
        "    public void Add(decimal price)\n    {\n        _prices.Add(price);\n        Total += price;\n    }\n\n" +
        "    public void Clear()\n    {\n        _prices.Clear();\n        Total = 0;\n    }\n\n" +
        "    public decimal Total { get; private set; }\n}\n";

    [Fact]
    public async Task The_early_stop_ends_generation_sooner_and_shows_the_same_suggestion()
    {
        await using var host = await ModelHost.LoadAsync(TrainedModels.ShippedPath, TestHost.Settings);
        var lines = Basket.Split('\n');
        var sites = lines.Select((line, index) => (line, index)).Where(l => l.line.Trim().Length > 0).ToArray();
        int tokensWith = 0, tokensWithout = 0;
        double msWith = 0, msWithout = 0;
        foreach (var (line, index) in sites)
        {
            var indent = line[..(line.Length - line.TrimStart().Length)];
            var prefix = string.Join('\n', lines[..index]) + "\n" + indent;
            var suffix = "\n" + string.Join('\n', lines[(index + 1)..]);
            var around = CompletionContext.Around(prefix, suffix);
            var request = new FimRequest(prefix, suffix);
            var without = await host.CompleteAsync(request, new GenerationOptions { MaxTokens = 48 });
            var with = await host.CompleteAsync(request, new GenerationOptions
            {
                MaxTokens = 48,
                IsComplete = new StreamingCompletionCheck(CompletionPostProcessor.Default, around).IsComplete,
            });
            output.WriteLine($"{line.Trim()}: {with.Timings.GeneratedTokens} vs {without.Timings.GeneratedTokens} tokens, " +
                $"{with.Timings.Generation.TotalMilliseconds:F0} vs {without.Timings.Generation.TotalMilliseconds:F0} ms: '{without.Text.Replace("\n", "\\n")}'");
            Assert.Equal(CompletionPostProcessor.Default.Apply(without.Text, around), CompletionPostProcessor.Default.Apply(with.Text, around));
            Assert.True(with.Timings.GeneratedTokens <= without.Timings.GeneratedTokens);
            (tokensWith, tokensWithout) = (tokensWith + with.Timings.GeneratedTokens, tokensWithout + without.Timings.GeneratedTokens);
            (msWith, msWithout) = (msWith + with.Timings.Generation.TotalMilliseconds, msWithout + without.Timings.Generation.TotalMilliseconds);
        }
        output.WriteLine($"mean over {sites.Length} sites: {(double)tokensWith / sites.Length:F1} vs {(double)tokensWithout / sites.Length:F1} tokens, " +
            $"{msWith / sites.Length:F0} vs {msWithout / sites.Length:F0} ms of generation (the second request of a site reuses the first's prompt, so prompt time is left out)");
        Assert.True(tokensWith < tokensWithout, $"{tokensWith} tokens with the early stop, {tokensWithout} without");
    }
}
