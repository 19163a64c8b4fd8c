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
}
