using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Tests.Inference;

public sealed class FimTemplateTests
{
    private static IReadOnlySet<string> Vocab(params string[] special) => special.ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Detects_qwen_tokens()
    {
        var template = FimTemplate.Detect(Vocab("<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|file_sep|>", "<|repo_name|>"));
        Assert.Same(FimTemplate.Qwen, template);
        Assert.True(template!.HasRepoLevelContext);
    }

    [Fact]
    public void Detects_starcoder_tokens()
    {
        var template = FimTemplate.Detect(Vocab("<|endoftext|>", "<fim_prefix>", "<fim_middle>", "<fim_suffix>", "<fim_pad>", "<file_sep>", "<reponame>"));
        Assert.Same(FimTemplate.StarCoder, template);
    }

    [Fact]
    public void Detects_deepseek_tokens()
    {
        Assert.Same(FimTemplate.DeepSeek, FimTemplate.Detect(Vocab("<｜begin▁of▁sentence｜>", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>")));
    }

    [Fact]
    public void Detects_codellama_tokens_spelled_with_the_sentencepiece_word_boundary()
    {
        var vocab = Vocab("<s>", "</s>", "▁<PRE>", "▁<SUF>", "▁<MID>", "▁<EOT>");
        Assert.Same(FimTemplate.CodeLlama, FimTemplate.Detect(vocab));
        Assert.Equal("▁<PRE>", FimTemplate.FindMarker(vocab, "<PRE>"));
    }

    [Fact]
    public void A_vocabulary_without_a_complete_marker_set_has_no_template()
    {
        Assert.Null(FimTemplate.Detect(Vocab("<|fim_prefix|>", "<|fim_suffix|>", "<|endoftext|>")));
    }

    [Fact]
    public void The_setting_overrides_detection()
    {
        var qwenVocab = Vocab("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>");
        Assert.Same(FimTemplate.StarCoder, FimTemplate.Detect(qwenVocab, FimTemplateChoice.StarCoder));
    }
}
