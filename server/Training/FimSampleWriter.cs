using System.Text;

namespace CodeAssist.Server.Training;

/// <summary>
/// Turns corpus files into llama-finetune's training text. Each file is cut at line ends into chunks of about
/// <see cref="ChunkChars"/> characters (a chunk fits the training context); a share of the chunks (the FIM rate) become
/// PSM fill-in-the-middle samples laid out as the server prompts (half of those with the repo-level header), the rest stay plain code.
/// A FIM chunk gives one sample per <see cref="CharsPerCut"/> characters, each with its own cursor and only the text
/// around it (<see cref="PrefixChars"/> before, <see cref="SuffixChars"/> after): the middle is the only part the model
/// cannot copy, and one cut per 1,200-character chunk gave ~690 middles in a 48-minute run, too few to learn FIM from.
/// Special tokens are written in their training spellings (<see cref="BpeVocabulary.TrainingSpelling"/>).
/// Plain chunks end with <c>&lt;|endoftext|&gt;</c> too: the trainer shuffles the samples of all files, so a chunk's
/// neighbours in the text come from other files.
/// </summary>
public sealed class FimSampleWriter(Random random, double fimRate = FimSampleWriter.DefaultFimRate)
{
    public const int ChunkChars = 1200;
    public const double DefaultFimRate = 0.5;

    /// <summary>About the server's prompt around the cursor at a 512-token context (suffix budget 128 tokens, ~4.5 characters a token).</summary>
    private const int PrefixChars = 800, SuffixChars = 300, CharsPerCut = 400;

    private static readonly string Prefix = BpeVocabulary.TrainingSpelling("<|fim_prefix|>"), Suffix = BpeVocabulary.TrainingSpelling("<|fim_suffix|>"),
        Middle = BpeVocabulary.TrainingSpelling("<|fim_middle|>"), End = BpeVocabulary.TrainingSpelling("<|endoftext|>"),
        RepoName = BpeVocabulary.TrainingSpelling("<|repo_name|>"), FileSeparator = BpeVocabulary.TrainingSpelling("<|file_sep|>");

    public int FimSamples { get; private set; }

    public int PlainChunks { get; private set; }

    /// <summary>
    /// One file's samples, each a document of its own that ends with <c>&lt;|endoftext|&gt;</c>, so the caller can shuffle
    /// them; <paramref name="relativePath"/> names the file in repo-level headers.
    /// </summary>
    public IEnumerable<string> Samples(string relativePath, string text)
    {
        foreach (var chunk in Chunks(text))
        {
            if (random.NextDouble() < fimRate && chunk.Length > 1)
            {
                for (var cut = 0; cut < Math.Max(1, chunk.Length / CharsPerCut); cut++)
                {
                    FimSamples++;
                    yield return Fim(relativePath, chunk);
                }
            }
            else
            {
                PlainChunks++;
                yield return chunk + End;
            }
        }
    }

    /// <summary>The cursor lands anywhere; the middle runs to the end of its line and sometimes over the next lines, as a completion would.</summary>
    private string Fim(string relativePath, string chunk)
    {
        var output = new StringBuilder();
        var cursor = random.Next(chunk.Length - 1);
        var end = cursor;
        var extraLines = random.Next(4) switch { 3 => random.Next(1, 4), _ => 0 };
        for (var line = 0; line <= extraLines && end < chunk.Length; line++)
        {
            var newline = chunk.IndexOf('\n', end + (line == 0 ? 0 : 1));
            end = newline < 0 ? chunk.Length : newline;
        }
        if (random.Next(2) == 0)
        {
            var slash = relativePath.IndexOf('/');
            output.Append(RepoName).Append(slash < 0 ? "repo" : relativePath[..slash]).Append('\n')
                .Append(FileSeparator).Append(relativePath).Append('\n');
        }
        var (start, stop) = (PrefixStart(chunk, cursor), SuffixEnd(chunk, end));
        return output.Append(Prefix).Append(chunk, start, cursor - start)
            .Append(Suffix).Append(chunk, end, stop - end)
            .Append(Middle).Append(chunk, cursor, end - cursor)
            .Append(End).ToString();
    }

    /// <summary>The first line start within <see cref="PrefixChars"/> before the cursor, so the prefix opens with a whole line.</summary>
    private static int PrefixStart(string chunk, int cursor)
    {
        if (cursor <= PrefixChars)
            return 0;
        var newline = chunk.IndexOf('\n', cursor - PrefixChars, PrefixChars);
        return newline < 0 ? cursor - PrefixChars : newline + 1;
    }

    /// <summary>The last line end within <see cref="SuffixChars"/> after the middle.</summary>
    private static int SuffixEnd(string chunk, int end)
    {
        if (chunk.Length - end <= SuffixChars)
            return chunk.Length;
        var newline = chunk.LastIndexOf('\n', end + SuffixChars, SuffixChars);
        return newline <= end ? end + SuffixChars : newline + 1;
    }

    private static IEnumerable<string> Chunks(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + ChunkChars);
            var newline = end < text.Length ? text.LastIndexOf('\n', end - 1, end - start) : -1;
            if (newline > start)
                end = newline + 1;
            yield return text[start..end];
            start = end;
        }
    }
}
