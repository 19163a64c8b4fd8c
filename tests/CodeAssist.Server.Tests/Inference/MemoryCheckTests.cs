using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class MemoryCheckTests(DemoModelsFixture models)
{
    [Fact]
    public void The_kv_cache_estimate_follows_layers_kv_heads_head_size_and_context()
    {
        var file = GgufReader.Open(models.Get("llama", "Q8_0").Path);
        // 2 layers x 2 KV heads x (64 + 64) values x 2 bytes per token.
        Assert.Equal(2L * 2 * 128 * 2 * 1000, MemoryCheck.KvCacheBytes(file, 1000));
    }

    [Fact]
    public void A_load_that_cannot_fit_is_refused_with_the_numbers_and_what_to_change()
    {
        var file = GgufReader.Open(models.Get("llama", "Q8_0").Path);
        MemoryCheck.EnsureFits(file, 4096, availableBytes: 1L << 30);
        var error = Assert.Throws<ModelLoadException>(() => MemoryCheck.EnsureFits(file, 1_000_000_000, availableBytes: 1L << 30));
        Assert.Contains("out of memory", error.Cause);
        Assert.Contains("codeassist.contextSize", error.Cause);
    }
}
