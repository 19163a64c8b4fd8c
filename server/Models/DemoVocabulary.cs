namespace CodeAssist.Server.Models;

/// <summary>
/// A byte-level SentencePiece ("llama") vocabulary: every byte as &lt;0xXX&gt;, the Qwen FIM and chat control tokens, and a
/// few merged pieces so common code text does not fall back to bytes; 512 tokens in all.
/// </summary>
public static class DemoVocabulary
{
    public const int Unknown = 0, Bos = 1, Eos = 2;

    public static readonly IReadOnlyList<string> QwenControlTokens =
    [
        "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
        "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>",
    ];

    public const string ChatTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
        "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const string WordBoundary = "\u2581"; // SentencePiece's space marker
    private static readonly string[] Words =
        ["public", "class", "static", "void", "return", "using", "namespace", "string", "int", "var", "new", "if", "else", "for"];

    // SentencePiece token types as llama.cpp numbers them
    private const int Normal = 1, UnknownType = 2, Control = 3, Unused = 5, ByteType = 6;

    public sealed record Token(string Text, float Score, int Type);

    public static IReadOnlyList<Token> Tokens { get; } = Build();

    public static int IdOf(string text)
    {
        for (var id = 0; id < Tokens.Count; id++)
            if (Tokens[id].Text == text)
                return id;
        throw new KeyNotFoundException(text);
    }

    public static void WriteTo(GgufWriter writer)
    {
        writer.Set("tokenizer.ggml.model", GgufMetadataValue.Of("llama"))
            .Set("tokenizer.ggml.tokens", GgufMetadataValue.Of(Tokens.Select(t => t.Text)))
            .Set("tokenizer.ggml.scores", GgufMetadataValue.Of(Tokens.Select(t => t.Score)))
            .Set("tokenizer.ggml.token_type", GgufMetadataValue.Of(Tokens.Select(t => t.Type)))
            .Set("tokenizer.ggml.bos_token_id", GgufMetadataValue.Of((uint)Bos))
            .Set("tokenizer.ggml.eos_token_id", GgufMetadataValue.Of((uint)Eos))
            .Set("tokenizer.ggml.unknown_token_id", GgufMetadataValue.Of((uint)Unknown))
            .Set("tokenizer.ggml.eot_token_id", GgufMetadataValue.Of((uint)IdOf("<|im_end|>")))
            .Set("tokenizer.ggml.fim_pre_token_id", GgufMetadataValue.Of((uint)IdOf("<|fim_prefix|>")))
            .Set("tokenizer.ggml.fim_suf_token_id", GgufMetadataValue.Of((uint)IdOf("<|fim_suffix|>")))
            .Set("tokenizer.ggml.fim_mid_token_id", GgufMetadataValue.Of((uint)IdOf("<|fim_middle|>")))
            .Set("tokenizer.ggml.fim_pad_token_id", GgufMetadataValue.Of((uint)IdOf("<|fim_pad|>")))
            .Set("tokenizer.ggml.fim_rep_token_id", GgufMetadataValue.Of((uint)IdOf("<|repo_name|>")))
            .Set("tokenizer.ggml.fim_sep_token_id", GgufMetadataValue.Of((uint)IdOf("<|file_sep|>")))
            .Set("tokenizer.ggml.add_bos_token", GgufMetadataValue.Of(false))
            .Set("tokenizer.ggml.add_eos_token", GgufMetadataValue.Of(false))
            .Set("tokenizer.chat_template", GgufMetadataValue.Of(ChatTemplate));
    }

    private static List<Token> Build()
    {
        var tokens = new List<Token> { new("<unk>", 0, UnknownType), new("<s>", 0, Control), new("</s>", 0, Control) };
        for (var b = 0; b < 256; b++)
            tokens.Add(new($"<0x{b:X2}>", 0, ByteType));
        tokens.AddRange(QwenControlTokens.Select(text => new Token(text, 0, Control)));

        // merged pieces: higher score merges first in SentencePiece; every prefix exists so each word is reachable
        var pieces = new List<string> { WordBoundary };
        pieces.AddRange(Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(c => ((char)c).ToString()));
        foreach (var word in Words)
            for (var length = 1; length <= word.Length; length++)
                pieces.Add(WordBoundary + word[..length]);
        foreach (var piece in pieces.Distinct())
            tokens.Add(new(piece, -tokens.Count, Normal));

        // padded like real checkpoints pad their embedding, so the vocabulary dimension is a multiple of 256 too
        while (tokens.Count % 256 != 0)
            tokens.Add(new($"<|unused_{tokens.Count}|>", 0, Unused));
        return tokens;
    }
}
