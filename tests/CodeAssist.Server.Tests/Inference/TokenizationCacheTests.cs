using CodeAssist.Server.Inference;
using LLama.Native;

namespace CodeAssist.Server.Tests.Inference;

public sealed class TokenizationCacheTests
{
    private readonly List<string> _tokenized = [];

    private const int Generation = 160; // characters; texts over 10 are never kept

    private TokenizationCache NewCache() => new(text =>
    {
        _tokenized.Add(text);
        return [.. text.Select(c => (LLamaToken)c)];
    }, Generation);

    [Fact]
    public void A_text_seen_before_is_not_tokenized_again()
    {
        var cache = NewCache();

        var first = cache.Tokenize("int x;");
        var second = cache.Tokenize("int x;");

        Assert.Same(first, second);
        Assert.Equal(["int x;"], _tokenized);
    }

    [Fact]
    public void A_recent_text_survives_one_generation_change_and_an_old_one_is_dropped()
    {
        var cache = NewCache();
        cache.Tokenize("old");
        cache.Tokenize("kept");
        for (var i = 0; i < 30; i++)
            cache.Tokenize($"line-{i:00}"); // fills the newer generation: "old" and "kept" move to the older one
        cache.Tokenize("kept"); // found in the older generation, so promoted to the newer one
        for (var i = 30; i < 60; i++)
            cache.Tokenize($"line-{i:00}"); // the next change of generation drops what was not promoted
        _tokenized.Clear();

        cache.Tokenize("kept");
        cache.Tokenize("old");

        Assert.Equal(["old"], _tokenized);
    }

    [Fact]
    public void A_text_too_large_to_repeat_is_never_kept()
    {
        var cache = NewCache();
        var corpus = new string('x', Generation / 16 + 1);

        cache.Tokenize(corpus);
        cache.Tokenize(corpus);

        Assert.Equal(2, _tokenized.Count);
    }
}
