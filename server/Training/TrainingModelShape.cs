using CodeAssist.Server.Models;

namespace CodeAssist.Server.Training;

/// <summary>
/// The trained model's dimensions. Training runs on a dense <c>qwen3</c> block (ggml has no backward pass for the
/// expert matmul); <see cref="MoeUpcycler"/> then turns it into <c>qwen3moe</c> with <see cref="Experts"/> copies of the FFN.
/// </summary>
public sealed record TrainingModelShape(int Embedding = 256, int Layers = 4, int Heads = 4, int KvHeads = 2, int HeadSize = 64,
    int FeedForward = 512, int Context = 512, int Experts = 4, int ExpertsUsed = 2)
{
    public const string DenseArchitecture = "qwen3", MoeArchitecture = "qwen3moe";
    private const ulong Seed = 0x5EED_C0DE;

    /// <summary>A random-initialised dense qwen3 in F32 with the training spellings of the special tokens.</summary>
    public GgufWriter BuildDense(BpeVocabulary vocabulary)
    {
        var writer = new GgufWriter();
        writer.Set("general.architecture", GgufMetadataValue.Of(DenseArchitecture))
            .Set("general.name", GgufMetadataValue.Of("codeassist-cs (training)"))
            .Set("general.file_type", GgufMetadataValue.Of((uint)LlamaFileTypes.AllF32));
        WriteHyperparameters(writer, DenseArchitecture);
        vocabulary.WriteTo(writer, training: true);

        var tensors = new DemoTensorFactory(writer, Seed);
        tensors.UniformF32("token_embd.weight", EmbeddingBound, Embedding, vocabulary.Count);
        for (var layer = 0; layer < Layers; layer++)
        {
            var prefix = $"blk.{layer}.";
            tensors.Norm(prefix + "attn_norm.weight", Embedding);
            tensors.MatrixF32(prefix + "attn_q.weight", Embedding, HeadSize * Heads);
            tensors.MatrixF32(prefix + "attn_k.weight", Embedding, HeadSize * KvHeads);
            tensors.MatrixF32(prefix + "attn_v.weight", Embedding, HeadSize * KvHeads);
            tensors.UniformF32(prefix + "attn_output.weight", ResidualBound(HeadSize * Heads), HeadSize * Heads, Embedding);
            tensors.Norm(prefix + "attn_q_norm.weight", HeadSize);
            tensors.Norm(prefix + "attn_k_norm.weight", HeadSize);
            tensors.Norm(prefix + "ffn_norm.weight", Embedding);
            tensors.MatrixF32(prefix + "ffn_gate.weight", Embedding, FeedForward);
            tensors.MatrixF32(prefix + "ffn_up.weight", Embedding, FeedForward);
            tensors.UniformF32(prefix + "ffn_down.weight", ResidualBound(FeedForward), FeedForward, Embedding);
        }
        tensors.Norm("output_norm.weight", Embedding);
        tensors.MatrixF32("output.weight", Embedding, vocabulary.Count);
        return writer;
    }

    /// <summary>
    /// llama.cpp's trainer leaves token_embd frozen (llama_context::opt_init: "llama_set_param(model->tok_embd…) // FIXME"),
    /// so the embedding stays a fixed random code for the tokens. At standard deviation 1 (bound sqrt 3) that code is as
    /// large as the normalised activations and dominates the residual stream at the start; at ±1/sqrt(256) it was 10×
    /// smaller than the first attention output, which carries averaged context rather than the current token (short runs
    /// in file order: held-out loss 7.35 after 170 windows with this scale, 8.28 after 247 without).
    /// </summary>
    private static float EmbeddingBound => MathF.Sqrt(3);

    /// <summary>
    /// The projections that add into the residual stream (attn_output, ffn_down) start 1/sqrt(2·layers) smaller than
    /// the others (GPT-2's scaled init), so the sum over the layers keeps the embedding's scale at the start.
    /// </summary>
    private float ResidualBound(int fanIn) => 1.0f / MathF.Sqrt(fanIn) / MathF.Sqrt(2 * Layers);

    public void WriteHyperparameters(GgufWriter writer, string architecture)
    {
        void Set(string key, GgufMetadataValue value) => writer.Set($"{architecture}.{key}", value);
        Set("context_length", GgufMetadataValue.Of((uint)Context));
        Set("embedding_length", GgufMetadataValue.Of((uint)Embedding));
        Set("block_count", GgufMetadataValue.Of((uint)Layers));
        Set("feed_forward_length", GgufMetadataValue.Of((uint)FeedForward));
        Set("attention.head_count", GgufMetadataValue.Of((uint)Heads));
        Set("attention.head_count_kv", GgufMetadataValue.Of((uint)KvHeads));
        Set("attention.key_length", GgufMetadataValue.Of((uint)HeadSize));
        Set("attention.value_length", GgufMetadataValue.Of((uint)HeadSize));
        Set("attention.layer_norm_rms_epsilon", GgufMetadataValue.Of(1e-6f));
        Set("rope.freq_base", GgufMetadataValue.Of(10_000f));
        if (architecture != MoeArchitecture)
            return;
        Set("expert_count", GgufMetadataValue.Of((uint)Experts));
        Set("expert_used_count", GgufMetadataValue.Of((uint)ExpertsUsed));
        Set("expert_feed_forward_length", GgufMetadataValue.Of((uint)FeedForward));
    }
}
