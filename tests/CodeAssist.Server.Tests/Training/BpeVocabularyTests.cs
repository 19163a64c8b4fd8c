using CodeAssist.Tests.Shared;
using CodeAssist.Server.Models;
using CodeAssist.Server.Tests.Models;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

public sealed class BpeVocabularyTests : IDisposable
{
    private static readonly string[] Code =
    [
        "public static class Program\n{\n    public static void Main(string[] args)\n    {\n        return;\n    }\n}\n",
        "public sealed class Person\n{\n    public string Name { get; set; }\n    public int Age { get; set; }\n}\n",
    ];

    private readonly TempDirectory _temp = new("bpe");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Learning_is_deterministic_and_merges_the_most_frequent_pair_first()
    {
        var first = BpeVocabulary.Learn(Code, 300);
        var second = BpeVocabulary.Learn(Code.Reverse(), 300);

        Assert.Equal(first.Merges, second.Merges);
        Assert.Equal(300, first.Count);
        // four-space indentation dominates: the first merge is two spaces
        Assert.Equal(((int)' ', (int)' '), first.Merges[0]);
        Assert.Equal(first.Count - 1, first.SpecialId(BpeVocabulary.SpecialTokens[^1]));
    }

    [Fact]
    public void Learning_stops_when_every_word_is_one_token()
    {
        var vocabulary = BpeVocabulary.Learn(["ab ab ab"], 1000);

        // "ab" and " ab": a+b, then space+ab
        Assert.Equal(2, vocabulary.Merges.Count);
    }

    [Fact]
    public void Llama_cpp_tokenizes_code_with_the_learned_merges_and_keeps_the_FIM_markers_as_control_tokens()
    {
        var vocabulary = BpeVocabulary.Learn(Code, 400);
        var path = WriteUpcycled(vocabulary);

        var tokens = TinyInference.Tokenize(path, "public static class");
        var marker = TinyInference.Tokenize(path, "<|fim_prefix|>");

        Assert.True(tokens.Count <= 3, $"'public static class' took {tokens.Count} tokens");
        Assert.Equal([vocabulary.SpecialId("<|fim_prefix|>")], marker);
    }

    [Fact]
    public void The_training_spellings_tokenize_as_the_special_ids_without_special_parsing()
    {
        var vocabulary = BpeVocabulary.Learn(Code, 400);
        var writer = new TrainingModelShape(Embedding: 256, Layers: 1, FeedForward: 256).BuildDense(vocabulary);
        var path = Path.Combine(_temp.Path, "dense.gguf");
        writer.Write(path);

        // llama-finetune tokenizes its text file like this: special: false
        var tokens = TinyInference.Tokenize(path, BpeVocabulary.TrainingSpelling("<|fim_middle|>") + "x", special: false);

        Assert.Equal(vocabulary.SpecialId("<|fim_middle|>"), tokens[0]);
    }

    private string WriteUpcycled(BpeVocabulary vocabulary)
    {
        var shape = new TrainingModelShape(Embedding: 256, Layers: 1, FeedForward: 256);
        var dense = Path.Combine(_temp.Path, "dense.gguf");
        shape.BuildDense(vocabulary).Write(dense);
        var path = Path.Combine(_temp.Path, "moe.gguf");
        MoeUpcycler.Upcycle(dense, shape, vocabulary, new Dictionary<string, GgufMetadataValue>()).Write(path);
        return path;
    }
}
