using System.Text.RegularExpressions;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Qwen2's pre-tokenizer as llama.cpp runs it (LLAMA_VOCAB_PRE_TYPE_QWEN2): byte-level BPE never merges across these
/// pieces, so a piece's start is a token boundary in any tokenization of the whole text (Qwen, and the trained model's BPE).
/// </summary>
public static partial class PreTokens
{
    [GeneratedRegex(@"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")]
    public static partial Regex Qwen2();

    /// <summary>
    /// The last piece of <paramref name="text"/>'s last line when it is at most <paramref name="maxChars"/> long; empty at
    /// a line start. A cursor inside a word leaves a piece that the tokenizer cuts differently from the same text with the
    /// word finished, so a model sees a token it rarely saw in training; token healing prompts without this piece instead.
    /// </summary>
    public static string Trailing(string text, int maxChars)
    {
        var lineStart = text.LastIndexOf('\n') + 1;
        var last = Match.Empty;
        foreach (Match match in Qwen2().Matches(text[lineStart..]))
            last = match;
        return last.Success && last.Index + last.Length == text.Length - lineStart && last.Length <= maxChars ? last.Value : "";
    }
}
