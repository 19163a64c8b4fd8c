using LLama;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Token healing: the prompt leaves off the piece of text the cursor is in (<see cref="PreTokens.Trailing"/>), and the
/// first generated tokens are held to spelling it out, so the model picks the tokenization it knows ("Name" as one token
/// rather than the "Na" that was typed so far plus a fragment). The healed text is not part of the suggestion.
/// </summary>
internal sealed class TokenHealing(byte[] required, TokenPieces pieces)
{
    private int _matched;

    /// <summary>True while some of the required text is still to be generated.</summary>
    public bool Active => _matched < required.Length;

    /// <summary>Rules out every token that does not continue the required text; false when none does.</summary>
    public bool Constrain(Span<float> logits)
    {
        var rest = required.AsSpan(_matched);
        var any = false;
        for (var id = 0; id < logits.Length && id < pieces.Count; id++)
        {
            var piece = pieces[id];
            if (piece.Length > 0 && (rest.StartsWith(piece) || piece.AsSpan().StartsWith(rest)))
                any = true;
            else
                logits[id] = float.NegativeInfinity;
        }
        return any;
    }

    public void Accept(LLamaToken token) => _matched = Math.Min(required.Length, _matched + pieces[(int)token].Length);
}

/// <summary>Every token's bytes as plain text (special tokens are empty), read once per model when healing first needs them.</summary>
internal sealed class TokenPieces
{
    private readonly byte[][] _pieces;

    internal TokenPieces(IEnumerable<string> pieces) => _pieces = [.. pieces.Select(System.Text.Encoding.UTF8.GetBytes)];

    public TokenPieces(LLamaWeights weights)
    {
        var vocab = weights.Vocab;
        _pieces = new byte[vocab.Count][];
        Span<byte> buffer = stackalloc byte[256];
        for (var id = 0; id < vocab.Count; id++)
        {
            var length = NativeApi.llama_token_to_piece(vocab, id, buffer, 0, false);
            if (length < 0)
            {
                // longer than the buffer (a long run of spaces): the negative is the length it needs
                var large = new byte[-length];
                length = NativeApi.llama_token_to_piece(vocab, id, large, 0, false);
                _pieces[id] = large[..Math.Max(0, length)];
            }
            else
            {
                _pieces[id] = buffer[..length].ToArray();
            }
        }
    }

    public int Count => _pieces.Length;

    public byte[] this[int id] => _pieces[id];
}
