using System.Text.RegularExpressions;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

public sealed class FimSampleWriterTests
{
    private static readonly string Source = string.Join("", Enumerable.Range(0, 200).Select(i => $"    int field{i} = Compute(\"text{i}\", {i});\n"));

    private static string S(string token) => Regex.Escape(BpeVocabulary.TrainingSpelling(token));

    [Fact]
    public void Every_PSM_sample_puts_the_file_back_together_and_the_middle_ends_at_a_line_end()
    {
        var writer = new FimSampleWriter(new Random(3), order: FimOrder.Psm);

        var text = string.Concat(writer.Samples("Project/src/Fields.cs", Source));

        var samples = Regex.Matches(text,
            $"{S("<|fim_prefix|>")}(.*?){S("<|fim_suffix|>")}(.*?){S("<|fim_middle|>")}(.*?){S("<|endoftext|>")}", RegexOptions.Singleline);
        Assert.True(writer.FimSamples > 0 && writer.PlainChunks > 0, $"{writer.FimSamples} FIM, {writer.PlainChunks} plain");
        Assert.Equal(writer.FimSamples, samples.Count);
        foreach (Match sample in samples)
        {
            var (prefix, suffix, middle) = (sample.Groups[1].Value, sample.Groups[2].Value, sample.Groups[3].Value);
            Assert.Contains(prefix + middle + suffix, Source);
            Assert.True(suffix.Length == 0 || suffix[0] == '\n', "the middle stops at a line end");
            // where token healing puts the cursor: the middle starts a pre-token piece, never inside one
            Assert.Contains(PreTokens.Qwen2().Matches(prefix + middle + suffix), m => m.Index == prefix.Length);
        }
    }

    [Fact]
    public void SPM_is_the_default_and_puts_the_suffix_first_so_the_middle_continues_the_prefix()
    {
        var writer = new FimSampleWriter(new Random(3));

        var text = string.Concat(writer.Samples("Project/src/Fields.cs", Source));

        var samples = Regex.Matches(text,
            $"{S("<|fim_prefix|>")}{S("<|fim_suffix|>")}(.*?){S("<|fim_middle|>")}(.*?){S("<|endoftext|>")}", RegexOptions.Singleline);
        Assert.True(writer.FimSamples > 0 && writer.PlainChunks > 0, $"{writer.FimSamples} FIM, {writer.PlainChunks} plain");
        Assert.Equal(writer.FimSamples, samples.Count);
        foreach (Match sample in samples)
        {
            var (suffix, prefixAndMiddle) = (sample.Groups[1].Value, sample.Groups[2].Value);
            Assert.Contains(prefixAndMiddle + suffix, Source);
            Assert.True(suffix.Length == 0 || suffix[0] == '\n', "the middle stops at a line end");
        }
    }

    [Fact]
    public void Every_sample_is_a_document_of_its_own_so_the_trainer_can_shuffle_them()
    {
        var writer = new FimSampleWriter(new Random(5));
        var end = BpeVocabulary.TrainingSpelling("<|endoftext|>");

        var samples = writer.Samples("Project/src/Fields.cs", Source).ToArray();

        Assert.Equal(writer.FimSamples + writer.PlainChunks, samples.Length);
        Assert.All(samples, sample => Assert.EndsWith(end, sample, StringComparison.Ordinal));
        Assert.All(samples, sample => Assert.Equal(1, Regex.Count(sample, Regex.Escape(end))));
    }

    [Fact]
    public void A_FIM_rate_of_0_keeps_plain_code()
    {
        var writer = new FimSampleWriter(new Random(7), fimRate: 0);

        Assert.Equal(Source, string.Concat(writer.Samples("Fields.cs", Source)).Replace(BpeVocabulary.TrainingSpelling("<|endoftext|>"), ""));
        Assert.Equal(0, writer.FimSamples);
    }
}
