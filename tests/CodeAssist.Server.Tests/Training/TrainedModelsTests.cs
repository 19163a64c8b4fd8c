using CodeAssist.Server.Inference;
using CodeAssist.Tests.Shared;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Training;

/// <summary>The formats of the shipped trained model, quantized by llama.cpp as make-demo does.</summary>
public sealed class TrainedModelsTests : IDisposable
{
    private readonly TempDirectory _temp = new("trained");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Makes_every_format_under_its_agreed_name_and_the_mixes_put_their_types_on_the_right_tensors()
    {
        var models = await TrainedModels.EnsureAsync(_temp.Path);

        Assert.Equal(["F16", "Q8_0", "Q6_K", "Q4_K_M", "MXFP4_MOE", "UD-Q4_K_XL"], models.Select(m => m.Format));
        Assert.All(models, m => Assert.Equal($"codeassist-cs-{m.Format}.gguf", Path.GetFileName(m.Path)));
        Assert.All(models, m => Assert.Equal("qwen3moe", GgufReader.Open(m.Path).Architecture));

        var mxfp4 = Types(models.Single(m => m.Format == "MXFP4_MOE").Path);
        Assert.Equal(GgmlType.MXFP4, mxfp4["blk.0.ffn_up_exps.weight"]);
        var ud = Types(models.Single(m => m.Format == "UD-Q4_K_XL").Path);
        Assert.Equal(GgmlType.Q8_0, ud["blk.0.attn_v.weight"]);
        Assert.Equal(GgmlType.Q6_K, ud["blk.0.attn_q.weight"]);
        Assert.Equal(GgmlType.Q6_K, ud["token_embd.weight"]);
        Assert.Equal(GgmlType.Q6_K, ud["output.weight"]);
        Assert.Equal(GgmlType.Q5_K, ud["blk.0.ffn_down_exps.weight"]);
        Assert.Equal(GgmlType.Q4_K, ud["blk.0.ffn_gate_exps.weight"]);
        Assert.Equal(GgmlType.F32, ud["blk.0.ffn_gate_inp.weight"]);
    }

    [Fact]
    public void The_shipped_model_is_an_F16_qwen3moe_with_the_Qwen_FIM_tokens_under_25_MB()
    {
        var shipped = GgufReader.Open(TrainedModels.ShippedPath);

        Assert.True(new FileInfo(TrainedModels.ShippedPath).Length <= 25_000_000);
        Assert.Equal(LlamaFileTypes.MostlyF16, shipped.GetInteger("general.file_type"));
        Assert.Equal(4, shipped.GetInteger("qwen3moe.expert_count"));
        var tokens = shipped.GetArray("tokenizer.ggml.tokens")!.Cast<string>().ToList();
        Assert.Equal(tokens.IndexOf("<|fim_prefix|>"), shipped.GetInteger("tokenizer.ggml.fim_pre_token_id"));
        Assert.Equal("spm", shipped.GetString(FimOrders.MetadataKey));
    }

    private static Dictionary<string, GgmlType> Types(string path) => GgufReader.Open(path).Tensors.ToDictionary(t => t.Name, t => t.Type);
}
