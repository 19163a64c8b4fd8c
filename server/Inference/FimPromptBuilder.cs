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
/// <param name="Healed">The end of the prefix left out of the prompt, which the middle must begin with (token healing).</param>
public sealed record FimPrompt(IReadOnlyList<LLamaToken> Tokens, PromptTokenCounts Counts, IReadOnlyList<int> StablePositions, string Healed = "");

/// <summary>
/// Builds FIM prompts token by token: the repository context as llama.cpp's server lays it out (<c>format_infill</c>), then
/// <c>&lt;pre&gt;prefix&lt;suf&gt;suffix&lt;mid&gt;</c> (PSM) or <c>&lt;pre&gt;&lt;suf&gt;suffix&lt;mid&gt;prefix</c> (SPM).
/// Markers are the vocabulary's special tokens, every text part is tokenized as plain text, so code that happens to
/// contain a marker's spelling cannot inject one.
/// </summary>
public sealed class FimPromptBuilder(FimTemplate template, ModelVocabulary vocabulary)
{
    /// <summary>Longer trailing pieces (a run of spaces, a long number) are prompted as typed.</summary>
    public const int MaxHealedChars = 32;

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
        }

        var contextEnd = tokens.Count;
        var suffix = 0;
        AddMarker(template.PrefixMarker);
        if (template.Order == FimOrder.Spm)
        {
            AddMarker(template.SuffixMarker);
            suffix = AddText(request.Suffix);
            AddMarker(template.MiddleMarker);
        }
        if (!template.HasRepoLevelContext)
        {
            // Templates without file separators get the extra files as commented blocks at the start of the prefix.
            foreach (var file in extraFiles)
                extra += AddText($"// {file.Path}\n{file.Text}\n");
        }

        var healed = PreTokens.Trailing(request.Prefix, MaxHealedChars);
        var prompted = request.Prefix[..^healed.Length];
        var prefixStart = tokens.Count;
        var prefix = AddText(prompted);
        var lineStart = prefixStart + LineStartOffset(prompted, tokens, prefixStart);
        if (template.Order != FimOrder.Spm)
        {
            AddMarker(template.SuffixMarker);
            suffix = AddText(request.Suffix);
            AddMarker(template.MiddleMarker);
        }
        // SPM: typing on a line changes neither the context nor the suffix before the prefix, so they are stable too.
        int[] stable = template.Order == FimOrder.Spm && contextEnd > 0 ? [contextEnd, prefixStart, lineStart] : [prefixStart, lineStart];
        return new FimPrompt(tokens, new PromptTokenCounts(markers, repo, extra, prefix, suffix), [.. stable.Distinct()], healed);
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
