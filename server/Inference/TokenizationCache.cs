using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// Tokenizations of recent texts. A completion tokenizes the same lines on every keystroke (counting them into the token
/// budget, then building the prompt), so most lookups hit. Two generations bound the memory: when the newer one holds
/// <paramref name="charactersPerGeneration"/> characters it becomes the older one and the older one is dropped.
/// </summary>
public sealed class TokenizationCache(Func<string, LLamaToken[]> tokenize, int charactersPerGeneration = 1 << 20)
{
    private readonly Lock _gate = new();
    private Dictionary<string, LLamaToken[]> _newer = new(StringComparer.Ordinal);
    private Dictionary<string, LLamaToken[]> _older = new(StringComparer.Ordinal);
    private int _newerCharacters;

    public IReadOnlyList<LLamaToken> Tokenize(string text)
    {
        if (text.Length > charactersPerGeneration / 16)
            return tokenize(text); // a whole corpus or file: seen once, and it would crowd out the lines
        lock (_gate)
        {
            if (_newer.TryGetValue(text, out var tokens))
                return tokens;
            if (_older.Remove(text, out tokens))
                return Add(text, tokens);
        }
        var fresh = tokenize(text);
        lock (_gate)
            return Add(text, fresh);
    }

    private LLamaToken[] Add(string text, LLamaToken[] tokens)
    {
        if (_newerCharacters + text.Length > charactersPerGeneration)
        {
            _older = _newer;
            _newer = new Dictionary<string, LLamaToken[]>(StringComparer.Ordinal);
            _newerCharacters = 0;
        }
        if (_newer.TryAdd(text, tokens))
            _newerCharacters += text.Length;
        return tokens;
    }
}
