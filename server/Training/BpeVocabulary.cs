using System.Text;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Models;

namespace CodeAssist.Server.Training;

/// <summary>
/// A byte-level BPE vocabulary in llama.cpp's "gpt2" tokenizer format with Qwen2's pre-tokenizer: 256 byte tokens, the
/// learned merges in rank order, then the Qwen control tokens (FIM and repository markers) at the end, as Qwen does.
/// </summary>
public sealed class BpeVocabulary
{
    /// <summary>The Qwen special tokens, in the order they follow the learned tokens.</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = DemoVocabulary.QwenControlTokens;

    // llama.cpp token types
    private const int Normal = 1, Control = 3, UserDefined = 4;

    private BpeVocabulary(IReadOnlyList<(int Left, int Right)> merges) => Merges = merges;

    /// <summary>Merge i makes token 256 + i from two earlier tokens.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges { get; }

    public int Count => 256 + Merges.Count + SpecialTokens.Count;

    public int SpecialId(string text) => 256 + Merges.Count + IndexOfSpecial(text);

    /// <summary>
    /// The spelling of a special token in the training text. llama-finetune tokenizes its text file without parsing
    /// control tokens, and llama.cpp forces the Qwen spellings to control type; so training uses user-defined stand-ins
    /// with the same ids, and the shipped model gets the real spellings (<see cref="WriteTo"/> with training: false).
    /// </summary>
    public static string TrainingSpelling(string special) => "<[" + special.Trim('<', '>', '|') + "]>";

    /// <summary>Learns <paramref name="size"/> - 256 - specials merges from <paramref name="texts"/>; deterministic for the same texts.</summary>
    public static BpeVocabulary Learn(IEnumerable<string> texts, int size)
    {
        var mergeCount = size - 256 - SpecialTokens.Count;
        if (mergeCount < 0)
            throw new TrainingInputException($"vocabulary size {size} is too small: it needs 256 byte tokens and {SpecialTokens.Count} special tokens");
        var words = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var match in PreTokens.Qwen2().EnumerateMatches(text))
            {
                var word = text.Substring(match.Index, match.Length);
                words[word] = words.GetValueOrDefault(word) + 1;
            }
        return new BpeVocabulary(new BpeLearner(words).Learn(mergeCount));
    }

    /// <summary>The byte-level spelling of every token (GPT-2's byte-to-unicode mapping), specials as given.</summary>
    private string[] Spellings(bool training)
    {
        var spellings = new List<string>(Count);
        spellings.AddRange(Enumerable.Range(0, 256).Select(b => ByteLevel.Encode([(byte)b])));
        foreach (var (left, right) in Merges)
            spellings.Add(spellings[left] + spellings[right]);
        spellings.AddRange(SpecialTokens.Select(s => training ? TrainingSpelling(s) : s));
        return spellings.ToArray();
    }

    /// <summary>The tokenizer keys; <paramref name="training"/> writes the special tokens as user-defined stand-ins.</summary>
    public void WriteTo(GgufWriter writer, bool training)
    {
        var spellings = Spellings(training);
        var types = Enumerable.Range(0, Count).Select(id => id < 256 + Merges.Count ? Normal : training ? UserDefined : Control);
        writer.Set("tokenizer.ggml.model", GgufMetadataValue.Of("gpt2"))
            .Set("tokenizer.ggml.pre", GgufMetadataValue.Of("qwen2"))
            .Set("tokenizer.ggml.tokens", GgufMetadataValue.Of(spellings))
            .Set("tokenizer.ggml.token_type", GgufMetadataValue.Of(types))
            .Set("tokenizer.ggml.merges", GgufMetadataValue.Of(Merges.Select(m => spellings[m.Left] + " " + spellings[m.Right])))
            .Set("tokenizer.ggml.bos_token_id", GgufMetadataValue.Of((uint)SpecialId("<|endoftext|>")))
            .Set("tokenizer.ggml.eos_token_id", GgufMetadataValue.Of((uint)SpecialId("<|endoftext|>")))
            .Set("tokenizer.ggml.padding_token_id", GgufMetadataValue.Of((uint)SpecialId("<|endoftext|>")))
            .Set("tokenizer.ggml.add_bos_token", GgufMetadataValue.Of(false))
            .Set("tokenizer.ggml.add_eos_token", GgufMetadataValue.Of(false));
        if (training)
            return;
        writer.Set("tokenizer.ggml.eot_token_id", GgufMetadataValue.Of((uint)SpecialId("<|im_end|>")))
            .Set("tokenizer.ggml.fim_pre_token_id", GgufMetadataValue.Of((uint)SpecialId("<|fim_prefix|>")))
            .Set("tokenizer.ggml.fim_suf_token_id", GgufMetadataValue.Of((uint)SpecialId("<|fim_suffix|>")))
            .Set("tokenizer.ggml.fim_mid_token_id", GgufMetadataValue.Of((uint)SpecialId("<|fim_middle|>")))
            .Set("tokenizer.ggml.fim_pad_token_id", GgufMetadataValue.Of((uint)SpecialId("<|fim_pad|>")))
            .Set("tokenizer.ggml.fim_rep_token_id", GgufMetadataValue.Of((uint)SpecialId("<|repo_name|>")))
            .Set("tokenizer.ggml.fim_sep_token_id", GgufMetadataValue.Of((uint)SpecialId("<|file_sep|>")))
            .Set("tokenizer.chat_template", GgufMetadataValue.Of(DemoVocabulary.ChatTemplate));
    }

    /// <summary>Reads the merges back from a GGUF this class wrote (training or final spellings).</summary>
    public static BpeVocabulary ReadFrom(GgufFile file)
    {
        var tokens = file.GetArray("tokenizer.ggml.tokens")?.Cast<string>().ToArray()
                     ?? throw new TrainingInputException($"{file.Parts[0].Path} has no tokenizer.ggml.tokens");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokens.Length - SpecialTokens.Count; id++)
            ids.TryAdd(tokens[id], id);
        var merges = (file.GetArray("tokenizer.ggml.merges") ?? []).Cast<string>()
            .Select(line => line.Split(' ', 2)).Select(pair => (ids[pair[0]], ids[pair[1]])).ToArray();
        return new BpeVocabulary(merges);
    }

    private static int IndexOfSpecial(string text)
    {
        for (var i = 0; i < SpecialTokens.Count; i++)
            if (SpecialTokens[i] == text)
                return i;
        throw new KeyNotFoundException(text);
    }
}

/// <summary>GPT-2's reversible byte-to-printable-character mapping, which byte-level BPE vocabularies spell tokens in.</summary>
internal static class ByteLevel
{
    private static readonly char[] ByteToChar = Build();

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
            builder.Append(ByteToChar[b]);
        return builder.ToString();
    }

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    private static char[] Build()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
