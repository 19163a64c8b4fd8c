using System.Text.Json.Serialization;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Where a fill-in-the-middle prompt puts the suffix: after the prefix (PSM, <c>&lt;pre&gt;prefix&lt;suf&gt;suffix&lt;mid&gt;</c>,
/// as Qwen and StarCoder are served by default) or before it (SPM as the FIM paper and BigCode's trainer lay it out,
/// <c>&lt;pre&gt;&lt;suf&gt;suffix&lt;mid&gt;prefix</c>), so that the middle continues the prefix directly. llama-server's
/// <c>--spm-infill</c> is neither: it ends with the middle marker after the prefix.
/// The <c>codeassist.fimOrder</c> setting; each value's JSON name is the setting's word.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FimOrder>))]
public enum FimOrder
{
    /// <summary>What the model's GGUF declares under <see cref="FimOrders.MetadataKey"/>, else PSM.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,
    [JsonStringEnumMemberName("psm")]
    Psm,
    [JsonStringEnumMemberName("spm")]
    Spm,
}

public static class FimOrders
{
    /// <summary>
    /// The GGUF key a model trained by <c>models train</c> declares its order in; no standard key exists.
    /// </summary>
    public const string MetadataKey = "codeassist.fim_order";

    public static string Word(this FimOrder order) => order switch
    {
        FimOrder.Psm => "psm",
        FimOrder.Spm => "spm",
        _ => "auto",
    };

    /// <summary>A declared word, or null for anything else (an older model, another tool's key).</summary>
    public static FimOrder? Parse(string? word) => word switch
    {
        "psm" => FimOrder.Psm,
        "spm" => FimOrder.Spm,
        _ => null,
    };

    /// <summary>The order to prompt in: an explicit setting wins, then the model's declaration, then PSM.</summary>
    public static FimOrder Resolve(FimOrder setting, string? declared) =>
        setting != FimOrder.Auto ? setting : Parse(declared) ?? FimOrder.Psm;
}
