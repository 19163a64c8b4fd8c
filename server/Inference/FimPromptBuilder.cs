using LLama.Native;

namespace CodeAssist.Server.Inference;

public sealed record ContextFile(string Path, string Text);

/// <summary>What goes into a fill-in-the-middle prompt. Extra files come first so the cursor-near parts stay at the end (KV reuse).</summary>
public sealed record FimRequest(
    string Prefix,
    string Suffix,
    string? RepoName = null,
    IReadOnlyList<ContextFile>? ExtraFiles = null,
    string? FilePath = null);

public sealed record PromptTokenCounts(int Markers, int RepoName, int ExtraFiles, int Prefix, int Suffix)
{
    public int Total => Markers + RepoName + ExtraFiles + Prefix + Suffix;
}

/// <param name="StablePositions">
/// Ascending token positions the next keystroke's prompt likely shares: the end of the repository context (where the
/// prefix starts) and the start of the cursor's line; a recurrent model checkpoints its state there.
/// </param>
public sealed record FimPrompt(IReadOnlyList<LLamaToken> Tokens, PromptTokenCounts Counts, IReadOnlyList<int> StablePositions);

/// <summary>
/// Builds PSM prompts token by token: markers are the vocabulary's special tokens, every text part is tokenized as plain
/// text, so code that happens to contain a marker's spelling cannot inject one.
/// </summary>
public sealed class FimPromptBuilder(FimTemplate template, ModelVocabulary vocabulary)
{
    public FimTemplate Template => template;

    public FimPrompt Build(FimRequest request)
    {
        var tokens = new List<LLamaToken>();
        int markers = 0, repo = 0, extra = 0;

        void AddMarker(string marker)
        {
            tokens.Add(vocabulary.Marker(marker));
            markers++;
        }

        int AddText(string text)
        {
            var part = vocabulary.Tokenize(text);
            tokens.AddRange(part);
            return part.Count;
        }

        if (vocabulary.BeginningOfSequence is { } bos)
        {
            tokens.Add(bos);
            markers++;
        }

        var extraFiles = request.ExtraFiles ?? [];
        if (template.HasRepoLevelContext && (request.RepoName is not null || extraFiles.Count > 0))
        {
            AddMarker(template.RepoNameMarker!);
            repo += AddText((request.RepoName ?? "repo") + "\n");
            foreach (var file in extraFiles)
            {
                AddMarker(template.FileSeparatorMarker!);
                extra += AddText($"{file.Path}\n{file.Text}\n");
            }
            if (request.FilePath is not null)
            {
                AddMarker(template.FileSeparatorMarker!);
                extra += AddText(request.FilePath + "\n");
            }
            AddMarker(template.PrefixMarker);
        }
        else
        {
            // Templates without file separators get the extra files as commented blocks at the start of the prefix.
            AddMarker(template.PrefixMarker);
            foreach (var file in extraFiles)
                extra += AddText($"// {file.Path}\n{file.Text}\n");
        }

        var prefixStart = tokens.Count;
        var prefix = AddText(request.Prefix);
        var lineStart = prefixStart + LineStartOffset(request.Prefix, tokens, prefixStart);
        AddMarker(template.SuffixMarker);
        var suffix = AddText(request.Suffix);
        AddMarker(template.MiddleMarker);
        int[] stable = lineStart > prefixStart ? [prefixStart, lineStart] : [prefixStart];
        return new FimPrompt(tokens, new PromptTokenCounts(markers, repo, extra, prefix, suffix), stable);
    }

    /// <summary>
    /// Tokens of the prefix before the cursor's line: as many leading tokens as the prefix and its text up to the last line
    /// break have in common (the same tokens unless the tokenizer merged across the break). The lines before the cursor's
    /// stay the same while one types, and their tokenization is cached.
    /// </summary>
    private int LineStartOffset(string prefix, List<LLamaToken> tokens, int prefixStart)
    {
        var lineStart = prefix.LastIndexOf('\n') + 1;
        if (lineStart == 0)
            return 0;
        var before = vocabulary.Tokenize(prefix[..lineStart]);
        var common = 0;
        while (common < before.Count && prefixStart + common < tokens.Count && before[common] == tokens[prefixStart + common])
            common++;
        return common;
    }
}
