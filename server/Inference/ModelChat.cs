using System.Text;
using LLama.Native;

namespace CodeAssist.Server.Inference;

/// <summary>
/// A chat answer from the model loaded in this process: the conversation goes through the GGUF's chat template; the
/// template's own text is tokenized with its special tokens, the messages as literal text, so code that spells a special
/// token cannot end a turn.
/// </summary>
public sealed class ModelChat(Func<CancellationToken, Task<ModelHost>> host, GenerationOptions options)
{
    /// <summary>Room left in the context for the answer; a longer prompt fails instead of being cut.</summary>
    public const int MinAnswerTokens = 64;

    public async Task<string> GenerateAsync(IReadOnlyList<ChatMessage> messages, Action<string> onText, CancellationToken cancellationToken)
    {
        var model = await host(cancellationToken).ConfigureAwait(false);
        try
        {
            using var lease = model.Lease();
            var tokens = Tokenize(model, messages);
            if (tokens.Count + MinAnswerTokens > model.Session.ContextSize)
                throw new GenerationFailedException(
                    $"The prompt has {tokens.Count} tokens and the model's context holds {model.Session.ContextSize}; select less code or raise codeassist.contextSize.");
            var result = await model.UntilUnloadedAsync(token => model.Session.GenerateAsync(tokens, options, onText, token), cancellationToken).ConfigureAwait(false);
            return result.Text;
        }
        catch (ModelUnloadedException)
        {
            throw new GenerationFailedException("The format was switched while the refactor ran; run it again to use the new model.");
        }
    }

    public static IReadOnlyList<LLamaToken> Tokenize(ModelHost model, IReadOnlyList<ChatMessage> messages)
    {
        var placeholders = messages.Select((_, i) => $"CODEASSISTMESSAGE{i}END").ToList();
        var formatted = model.FormatChat(messages.Select((m, i) => (m.Role, placeholders[i])));
        var tokens = new List<LLamaToken>();
        if (model.Vocabulary.BeginningOfSequence is { } bos)
            tokens.Add(bos);
        var position = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var at = formatted.IndexOf(placeholders[i], position, StringComparison.Ordinal);
            if (at < 0)
                throw new GenerationFailedException("The model's chat template dropped a message.");
            tokens.AddRange(WithSpecialTokens(model, formatted[position..at]));
            tokens.AddRange(model.Vocabulary.Tokenize(messages[i].Content));
            position = at + placeholders[i].Length;
        }
        tokens.AddRange(WithSpecialTokens(model, formatted[position..]));
        if (tokens.Count > 1 && tokens[0] == tokens[1])
            tokens.RemoveAt(0); // the template already started with the BOS token
        return tokens;
    }

    private static LLamaToken[] WithSpecialTokens(ModelHost model, string templateText) =>
        templateText.Length == 0 ? [] : model.Weights.Tokenize(templateText, add_bos: false, special: true, Encoding.UTF8);
}
