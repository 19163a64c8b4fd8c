namespace CodeAssist.Server.Models;

/// <summary>
/// The shape of a tiny random-weight model for one llama.cpp architecture: tensor names, shapes and hyperparameter keys
/// as llama.cpp loads them; dimensions are multiples of 256 so every quantization type applies to every matrix.
/// </summary>
public abstract class DemoArchitecture
{
    protected const long Embedding = 256, HeadSize = 64, Heads = 4, KvHeads = 2, FeedForward = 512;
    protected const long Experts = 4, ExpertsUsed = 2, ExpertFeedForward = 256;
    private const ulong Seed = 0xC0DEA551;

    /// <summary>Bump when names, shapes, vocabulary or weights change, so existing demo files get remade.</summary>
    public const int RecipeVersion = 1;
    public const string RecipeVersionKey = "codeassist.demo.recipe_version";

    public static readonly IReadOnlyList<DemoArchitecture> All = [new LlamaDemo(), new Qwen3MoeDemo(), new Qwen3NextDemo()];

    public abstract string Name { get; }

    /// <summary>Has 3-D expert tensors (ffn_*_exps), so MXFP4_MOE applies.</summary>
    public abstract bool IsMixtureOfExperts { get; }

    protected abstract int Layers { get; }

    protected long Vocabulary => DemoVocabulary.Tokens.Count;

    /// <summary>The full model in F16 (matrices) and F32 (norms and small parameters), ready to write or split.</summary>
    public GgufWriter Build()
    {
        var writer = new GgufWriter();
        writer.Set("general.architecture", GgufMetadataValue.Of(Name))
            .Set("general.name", GgufMetadataValue.Of($"CodeAssist demo {Name}"))
            .Set("general.file_type", GgufMetadataValue.Of((uint)LlamaFileTypes.MostlyF16))
            .Set(RecipeVersionKey, GgufMetadataValue.Of((uint)RecipeVersion));
        Hyper(writer, "context_length", 4096u);
        Hyper(writer, "embedding_length", (uint)Embedding);
        Hyper(writer, "block_count", (uint)Layers);
        Hyper(writer, "feed_forward_length", (uint)FeedForward);
        Hyper(writer, "attention.head_count", (uint)Heads);
        Hyper(writer, "attention.head_count_kv", (uint)KvHeads);
        Hyper(writer, "attention.layer_norm_rms_epsilon", 1e-6f);
        Hyper(writer, "rope.freq_base", 1_000_000f);
        Hyper(writer, "vocab_size", (uint)Vocabulary);
        AddHyperparameters(writer);
        DemoVocabulary.WriteTo(writer);

        var tensors = new DemoTensorFactory(writer, Seed);
        tensors.Matrix("token_embd.weight", Embedding, Vocabulary);
        for (var layer = 0; layer < Layers; layer++)
            AddLayer(tensors, $"blk.{layer}.", layer);
        tensors.Norm("output_norm.weight", Embedding);
        tensors.Matrix("output.weight", Embedding, Vocabulary);
        return writer;
    }

    protected abstract void AddHyperparameters(GgufWriter writer);

    private protected abstract void AddLayer(DemoTensorFactory tensors, string prefix, int layer);

    protected void Hyper(GgufWriter writer, string key, uint value) => writer.Set($"{Name}.{key}", GgufMetadataValue.Of(value));

    protected void Hyper(GgufWriter writer, string key, float value) => writer.Set($"{Name}.{key}", GgufMetadataValue.Of(value));

    /// <summary>Grouped-query attention with separate q/k/v projections; <paramref name="queryWidth"/> lets qwen3next add its gate.</summary>
    private protected static void Attention(DemoTensorFactory tensors, string prefix, long queryWidth, bool headNorms)
    {
        tensors.Matrix(prefix + "attn_q.weight", Embedding, queryWidth);
        tensors.Matrix(prefix + "attn_k.weight", Embedding, HeadSize * KvHeads);
        tensors.Matrix(prefix + "attn_v.weight", Embedding, HeadSize * KvHeads);
        tensors.Matrix(prefix + "attn_output.weight", HeadSize * Heads, Embedding);
        if (!headNorms)
            return;
        tensors.Norm(prefix + "attn_q_norm.weight", HeadSize);
        tensors.Norm(prefix + "attn_k_norm.weight", HeadSize);
    }

    private protected static void RoutedExperts(DemoTensorFactory tensors, string prefix)
    {
        tensors.Matrix(prefix + "ffn_gate_inp.weight", Embedding, Experts);
        tensors.Matrix(prefix + "ffn_gate_exps.weight", Embedding, ExpertFeedForward, Experts);
        tensors.Matrix(prefix + "ffn_up_exps.weight", Embedding, ExpertFeedForward, Experts);
        tensors.Matrix(prefix + "ffn_down_exps.weight", ExpertFeedForward, Embedding, Experts);
    }

    protected void ExpertHyperparameters(GgufWriter writer)
    {
        Hyper(writer, "expert_count", (uint)Experts);
        Hyper(writer, "expert_used_count", (uint)ExpertsUsed);
        Hyper(writer, "expert_feed_forward_length", (uint)ExpertFeedForward);
    }
}

/// <summary>Dense llama: attention plus a SwiGLU feed-forward per layer.</summary>
public sealed class LlamaDemo : DemoArchitecture
{
    public override string Name => "llama";
    public override bool IsMixtureOfExperts => false;
    protected override int Layers => 2;

    protected override void AddHyperparameters(GgufWriter writer) => Hyper(writer, "rope.dimension_count", (uint)HeadSize);

    private protected override void AddLayer(DemoTensorFactory tensors, string prefix, int layer)
    {
        tensors.Norm(prefix + "attn_norm.weight", Embedding);
        Attention(tensors, prefix, HeadSize * Heads, headNorms: false);
        tensors.Norm(prefix + "ffn_norm.weight", Embedding);
        tensors.Matrix(prefix + "ffn_gate.weight", Embedding, FeedForward);
        tensors.Matrix(prefix + "ffn_up.weight", Embedding, FeedForward);
        tensors.Matrix(prefix + "ffn_down.weight", FeedForward, Embedding);
    }
}

/// <summary>Qwen3 MoE: q/k head norms and routed experts; llama.cpp's qwen3moe has no shared expert.</summary>
public sealed class Qwen3MoeDemo : DemoArchitecture
{
    public override string Name => "qwen3moe";
    public override bool IsMixtureOfExperts => true;
    protected override int Layers => 2;

    protected override void AddHyperparameters(GgufWriter writer)
    {
        Hyper(writer, "attention.key_length", (uint)HeadSize);
        Hyper(writer, "attention.value_length", (uint)HeadSize);
        ExpertHyperparameters(writer);
    }

    private protected override void AddLayer(DemoTensorFactory tensors, string prefix, int layer)
    {
        tensors.Norm(prefix + "attn_norm.weight", Embedding);
        Attention(tensors, prefix, HeadSize * Heads, headNorms: true);
        tensors.Norm(prefix + "ffn_norm.weight", Embedding);
        RoutedExperts(tensors, prefix);
    }
}

/// <summary>
/// Qwen3-Next hybrid: gated delta-net (linear attention, "ssm_*" tensors) layers and every second layer full gated
/// attention; routed experts plus a gated shared expert in every layer.
/// </summary>
public sealed class Qwen3NextDemo : DemoArchitecture
{
    private const long ConvKernel = 4, StateSize = 64, KeyHeads = 2, ValueHeads = 4;
    private const long KeyWidth = StateSize * KeyHeads, ValueWidth = StateSize * ValueHeads;
    private const int FullAttentionInterval = 2;

    public override string Name => "qwen3next";
    public override bool IsMixtureOfExperts => true;
    protected override int Layers => 2;

    protected override void AddHyperparameters(GgufWriter writer)
    {
        Hyper(writer, "attention.key_length", (uint)HeadSize);
        Hyper(writer, "attention.value_length", (uint)HeadSize);
        Hyper(writer, "rope.dimension_count", (uint)HeadSize / 4); // partial rotary, as in Qwen3-Next
        ExpertHyperparameters(writer);
        Hyper(writer, "expert_shared_feed_forward_length", (uint)ExpertFeedForward);
        Hyper(writer, "ssm.conv_kernel", (uint)ConvKernel);
        Hyper(writer, "ssm.state_size", (uint)StateSize);
        Hyper(writer, "ssm.group_count", (uint)KeyHeads);
        Hyper(writer, "ssm.time_step_rank", (uint)ValueHeads);
        Hyper(writer, "ssm.inner_size", (uint)ValueWidth);
        Hyper(writer, "full_attention_interval", (uint)FullAttentionInterval);
    }

    private protected override void AddLayer(DemoTensorFactory tensors, string prefix, int layer)
    {
        tensors.Norm(prefix + "attn_norm.weight", Embedding);
        tensors.Norm(prefix + "post_attention_norm.weight", Embedding);
        if ((layer + 1) % FullAttentionInterval == 0)
            Attention(tensors, prefix, HeadSize * Heads * 2, headNorms: true); // query and output gate in one projection
        else
            DeltaNet(tensors, prefix);
        RoutedExperts(tensors, prefix);
        tensors.F32(prefix + "ffn_gate_inp_shexp.weight", [Embedding], v => v / 16);
        tensors.Matrix(prefix + "ffn_gate_shexp.weight", Embedding, ExpertFeedForward);
        tensors.Matrix(prefix + "ffn_up_shexp.weight", Embedding, ExpertFeedForward);
        tensors.Matrix(prefix + "ffn_down_shexp.weight", ExpertFeedForward, Embedding);
    }

    private static void DeltaNet(DemoTensorFactory tensors, string prefix)
    {
        tensors.Matrix(prefix + "ssm_in.weight", Embedding, KeyWidth * 2 + ValueWidth * 2);
        tensors.F32(prefix + "ssm_conv1d.weight", [ConvKernel, KeyWidth * 2 + ValueWidth], v => v * 0.5f);
        tensors.F32(prefix + "ssm_dt.bias", [ValueHeads], v => v * 0.5f);
        tensors.F32(prefix + "ssm_a", [ValueHeads], v => -1.0f - 0.5f * v); // A = -exp(A_log) is negative
        tensors.Matrix(prefix + "ssm_ba.weight", Embedding, ValueHeads * 2);
        tensors.Norm(prefix + "ssm_norm.weight", StateSize);
        tensors.Matrix(prefix + "ssm_out.weight", ValueWidth, Embedding);
    }
}
