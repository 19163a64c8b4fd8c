using System.Text;
using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Training;

/// <summary>
/// Turns corpus files into llama-finetune's training text. Each file is cut at line ends into chunks of about
/// <see cref="ChunkChars"/> characters (a chunk fits the training context); about half the chunks become fill-in-the-middle
/// samples laid out as the server prompts in <paramref name="order"/> (half of those with the repo-level header), the rest stay plain code.
/// SPM is the default: the base weights of the 4-layer model, trained in PSM, learned to ignore the prompt after
/// <c>&lt;|fim_middle|&gt;</c> (its greedy middles shared 2 characters with 78 held-out line ends, its plain continuation
/// of the same prefixes 149), and so did two continued runs in llama.cpp's SPM, which also ends with the marker: with
/// <c>&lt;|fim_middle|&gt;</c> between them, the model could not carry the prefix on into the middle. In the FIM paper's
/// SPM the middle follows the prefix directly, as in plain text.
/// <c>--fim-rate</c> changes that share (the base run used the default 0.5, the shipped SPM continuation 0.7; a PSM
/// continuation at 0.9 had not taught the base weights to fill in the middle, MODEL_CARD.md).
/// Special tokens are written in their training spellings (<see cref="BpeVocabulary.TrainingSpelling"/>).
/// Plain chunks end with <c>&lt;|endoftext|&gt;</c> too: the trainer shuffles the samples of all files, so a chunk's
/// neighbours in the text come from other files.
/// </summary>
public sealed class FimSampleWriter(Random random, double fimRate = FimSampleWriter.DefaultFimRate, FimOrder order = FimOrder.Spm)
{
    public const int ChunkChars = 1200;
    public const double DefaultFimRate = 0.5;

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
            var sample = new StringBuilder();
            if (random.NextDouble() < fimRate && chunk.Length > 1)
            {
                AppendFim(sample, relativePath, chunk);
                FimSamples++;
            }
            else
            {
                sample.Append(chunk).Append(End);
                PlainChunks++;
            }
            yield return sample.ToString();
        }
    }

    /// <summary>
    /// The cursor lands at the start of any pre-token piece (<see cref="PreTokens"/>), where the server's token healing
    /// puts it: cut anywhere, the middle's first token is a word fragment that plain text never has, and the model learned
    /// none of the few thousand fragments it saw (its greedy middles matched 2 characters of 78 held-out line ends while its
    /// plain continuation at word starts matched 501). The middle runs to the end of its line and sometimes over the next
    /// lines, as a completion would.
    /// </summary>
    private void AppendFim(StringBuilder output, string relativePath, string chunk)
    {
        var starts = PreTokens.Qwen2().Matches(chunk).Select(m => m.Index).Where(i => i < chunk.Length - 1).ToArray();
        var cursor = starts.Length == 0 ? 0 : starts[random.Next(starts.Length)];
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
        if (order == FimOrder.Spm)
            output.Append(Prefix).Append(Suffix).Append(chunk, end, chunk.Length - end)
                .Append(Middle).Append(chunk, 0, cursor);
        else
            output.Append(Prefix).Append(chunk, 0, cursor).Append(Suffix).Append(chunk, end, chunk.Length - end).Append(Middle);
        output.Append(chunk, cursor, end - cursor).Append(End);
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
