using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Completion;

/// <summary>Produces the suggestion for a cursor position; null when there is nothing to show.</summary>
public sealed class SuggestionService
{
    public Task<ShownSuggestion?> SuggestAsync(TextDocument document, Position position, PositionEncoding encoding, CancellationToken cancellationToken)
    {
        if (document.OutOfSync)
            throw new LspException(ErrorCodes.ContentModified, $"{document.Uri} is out of sync; waiting for a full text change.");
        try
        {
            document.Lines.ToOffset(position, encoding);
        }
        catch (PositionOutOfRangeException e)
        {
            throw new LspException(ErrorCodes.InvalidParams, e.Message);
        }
        // No model is hosted yet: completions stay off until one is configured.
        return Task.FromResult<ShownSuggestion?>(null);
    }
}
