using CodeAssist.Tests.Shared;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Tests.Models;

/// <summary>What llama.cpp's quantizer actually put in each demo file, read back through our reader.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class QuantizedHistogramTests(DemoModelsFixture demo)
{
    public static TheoryData<string, string, GgmlType, string> Formats() => new()
    {
        { "llama", "Q8_0", GgmlType.Q8_0, "MOSTLY_Q8_0" },
        { "llama", "Q6_K", GgmlType.Q6_K, "MOSTLY_Q6_K" },
        { "llama", "Q4_K_M", GgmlType.Q4_K, "MOSTLY_Q4_K_M" },
        { "qwen3moe", "Q8_0", GgmlType.Q8_0, "MOSTLY_Q8_0" },
        { "qwen3moe", "Q6_K", GgmlType.Q6_K, "MOSTLY_Q6_K" },
        { "qwen3moe", "Q4_K_M", GgmlType.Q4_K, "MOSTLY_Q4_K_M" },
        { "qwen3next", "Q8_0", GgmlType.Q8_0, "MOSTLY_Q8_0" },
        { "qwen3next", "Q6_K", GgmlType.Q6_K, "MOSTLY_Q6_K" },
        { "qwen3next", "Q4_K_M", GgmlType.Q4_K, "MOSTLY_Q4_K_M" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Quantized_file_is_mostly_its_format_with_norms_left_in_f32(string architecture, string format, GgmlType dominant, string fileType)
    {
        var file = GgufReader.Open(demo.Get(architecture, format).Path);
        var fingerprint = ModelFingerprint.FromHeaders(file, "");

        Assert.Equal(architecture, fingerprint.Architecture);
        Assert.Equal(fileType, fingerprint.FileTypeName);
        Assert.Equal(dominant, fingerprint.TensorTypes[0].Type);
        Assert.All(file.Tensors.Where(t => t.Dimensions.Count == 1), t => Assert.Equal(GgmlType.F32, t.Type));
        Assert.DoesNotContain(fingerprint.TensorTypes, s => s.Type == GgmlType.F16 && s.Count > 2); // only the router stays F16
    }

    [Fact]
    public void Q4_K_M_keeps_some_tensors_in_Q6_K_as_llama_cpp_does()
    {
        var fingerprint = ModelFingerprint.FromHeaders(GgufReader.Open(demo.Get("llama", "Q4_K_M").Path), "");

        Assert.NotNull(fingerprint.Share(GgmlType.Q6_K));
        Assert.InRange(fingerprint.BitsPerWeight, 4.5, 5.5);
    }

    [Theory]
    [InlineData("qwen3moe")]
    [InlineData("qwen3next")]
    public void MXFP4_MOE_makes_expert_tensors_MXFP4_and_other_matrices_Q8_0(string architecture)
    {
        var file = GgufReader.Open(demo.Get(architecture, "MXFP4_MOE").Path);
        var fingerprint = ModelFingerprint.FromHeaders(file, "");

        Assert.Equal(LlamaFileTypes.MostlyMxfp4Moe, fingerprint.FileType);
        Assert.Equal("MOSTLY_MXFP4_MOE", fingerprint.FileTypeName);
        var experts = file.Tensors.Where(t => t.Name.Contains("_exps.")).ToArray();
        Assert.Equal(6, experts.Length); // gate, up, down in each of the 2 layers
        Assert.All(experts, t => Assert.Equal(GgmlType.MXFP4, t.Type));
        // the router stays F16 and the short-rowed delta-net convolution F32, as llama.cpp never quantizes them
        Assert.All(file.Tensors.Where(t => t.Dimensions.Count == 2 && !t.Name.Contains("ffn_gate_inp") && !t.Name.Contains("ssm_conv1d")),
            t => Assert.Equal(GgmlType.Q8_0, t.Type));
        Assert.Equal(6, fingerprint.Share(GgmlType.MXFP4)!.Count);
    }

    [Fact]
    public void Dense_llama_gets_no_MXFP4_MOE_file()
    {
        Assert.DoesNotContain(demo.Models, m => m.Architecture == "llama" && m.Format == "MXFP4_MOE");
        Assert.Contains(demo.Models, m => m.Architecture == "qwen3moe" && m.Format == "MXFP4_MOE");
    }

    [Fact]
    public void Qwen3next_demo_has_delta_net_and_full_attention_layers_and_a_shared_expert()
    {
        var names = GgufReader.Open(demo.Get("qwen3next", "F16").Path).Tensors.Select(t => t.Name).ToHashSet();

        Assert.Contains("blk.0.ssm_in.weight", names);
        Assert.Contains("blk.0.ssm_conv1d.weight", names);
        Assert.DoesNotContain("blk.0.attn_q.weight", names);
        Assert.Contains("blk.1.attn_q.weight", names);
        Assert.DoesNotContain("blk.1.ssm_in.weight", names);
        Assert.Contains("blk.1.ffn_gate_shexp.weight", names);
        Assert.DoesNotContain(GgufReader.Open(demo.Get("qwen3moe", "F16").Path).Tensors, t => t.Name.Contains("shexp"));
    }
}
