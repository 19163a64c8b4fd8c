namespace CodeAssist.Server.Training;

/// <summary>
/// Classic BPE learning over pre-tokenized words with incrementally updated pair counts: each merge touches only the
/// words that contain the merged pair. Ties break on the smaller token ids, so the result is deterministic.
/// </summary>
internal sealed class BpeLearner
{
    private readonly List<int[]> _words = [];
    private readonly List<long> _counts = [];
    private readonly Dictionary<(int, int), long> _pairCounts = [];
    // words that contained a pair at some point; stale entries are harmless (re-merging them changes nothing)
    private readonly Dictionary<(int, int), HashSet<int>> _wordsWithPair = [];

    public BpeLearner(IReadOnlyDictionary<string, long> wordCounts)
    {
        foreach (var (word, count) in wordCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var symbols = System.Text.Encoding.UTF8.GetBytes(word).Select(b => (int)b).ToArray();
            _words.Add(symbols);
            _counts.Add(count);
            AddPairs(_words.Count - 1, +1);
        }
    }

    public List<(int Left, int Right)> Learn(int mergeCount)
    {
        var merges = new List<(int, int)>(mergeCount);
        while (merges.Count < mergeCount)
        {
            var best = Best();
            if (best is not { } pair)
                break; // every word is a single token already
            var id = 256 + merges.Count;
            merges.Add(pair);
            foreach (var word in _wordsWithPair[pair].ToArray())
            {
                AddPairs(word, -1);
                _words[word] = Merge(_words[word], pair, id);
                AddPairs(word, +1);
            }
            _pairCounts.Remove(pair);
            _wordsWithPair.Remove(pair);
        }
        return merges;
    }

    private (int, int)? Best()
    {
        (int, int)? best = null;
        long bestCount = 0;
        foreach (var (pair, count) in _pairCounts)
            if (count > bestCount || count == bestCount && count > 0 && pair.CompareTo(best!.Value) < 0)
                (best, bestCount) = (pair, count);
        return best;
    }

    private void AddPairs(int word, int sign)
    {
        var symbols = _words[word];
        for (var i = 0; i + 1 < symbols.Length; i++)
        {
            var pair = (symbols[i], symbols[i + 1]);
            _pairCounts[pair] = _pairCounts.GetValueOrDefault(pair) + sign * _counts[word];
            if (sign > 0)
            {
                if (!_wordsWithPair.TryGetValue(pair, out var set))
                    _wordsWithPair[pair] = set = [];
                set.Add(word);
            }
        }
    }

    private static int[] Merge(int[] symbols, (int Left, int Right) pair, int id)
    {
        var merged = new List<int>(symbols.Length);
        for (var i = 0; i < symbols.Length; i++)
        {
            if (i + 1 < symbols.Length && symbols[i] == pair.Left && symbols[i + 1] == pair.Right)
            {
                merged.Add(id);
                i++;
            }
            else
                merged.Add(symbols[i]);
        }
        return merged.ToArray();
    }
}
