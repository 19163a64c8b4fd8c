using System.Text;
using LLama;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>The parts of a model's tokenizer that prompting and stopping need: special tokens by text, EOG, plain tokenizing.</summary>
public sealed class ModelVocabulary
{
    private readonly LLamaWeights _weights;
    private readonly SafeLlamaModelHandle.Vocabulary _vocab;
    private readonly TokenizationCache _tokenizations;

    public ModelVocabulary(LLamaWeights weights)
    {
        _weights = weights;
        _vocab = weights.Vocab;
        _tokenizations = new TokenizationCache(text => _weights.Tokenize(text, add_bos: false, special: false, Encoding.UTF8));
        var special = new Dictionary<string, LLamaToken>(StringComparer.Ordinal);
        for (var id = 0; id < _vocab.Count; id++)
        {
            LLamaToken token = id;
            var attributes = token.GetAttributes(_vocab);
            if ((attributes & (LLamaTokenAttr.Control | LLamaTokenAttr.UserDefined)) == 0)
                continue;
            var text = _vocab.LLamaTokenToString(token, isSpecialToken: true);
            if (!string.IsNullOrEmpty(text))
                special.TryAdd(text, token);
        }
        SpecialTokens = special;
        SpecialTokenTexts = special.Keys.ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, LLamaToken> SpecialTokens { get; }

    public IReadOnlySet<string> SpecialTokenTexts { get; }

    public LLamaToken? BeginningOfSequence => _vocab.ShouldAddBOS ? _vocab.BOS : null;

    public bool IsEndOfGeneration(LLamaToken token) => token.IsEndOfGeneration(_vocab);

    /// <summary>Tokenizes text as literal text: special-token spellings inside user code stay plain text.</summary>
    public IReadOnlyList<LLamaToken> Tokenize(string text) => text.Length == 0 ? [] : _tokenizations.Tokenize(text);

    public LLamaToken Marker(string marker) =>
        FimTemplate.FindMarker(SpecialTokenTexts, marker) is { } spelling
            ? SpecialTokens[spelling]
            : throw new InvalidOperationException($"The model's vocabulary has no special token '{marker}'.");
}
