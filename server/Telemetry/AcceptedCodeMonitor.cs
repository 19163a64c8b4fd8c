using CodeAssist.Server.Documents;
using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Survival;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Telemetry;

/// <summary>
/// After an accept: keeps the accepted region's position through later edits, and at the survival checkpoints
/// (30 s, 2 min, 10 min) records how much of the accepted text is still there and whether the code still builds;
/// the next save records a build result too.
/// </summary>
public sealed class AcceptedCodeMonitor : IDocumentListener
{
    private readonly DocumentStore _documents;
    private readonly TelemetryService _telemetry;
    private readonly BuildCheck _buildCheck;
    private readonly ILogger<AcceptedCodeMonitor> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<WatchedRegion> _regions = [];

    public AcceptedCodeMonitor(DocumentStore documents, TelemetryService telemetry, BuildCheck buildCheck, TimeProvider time, ILogger<AcceptedCodeMonitor> logger)
    {
        _documents = documents;
        _telemetry = telemetry;
        _buildCheck = buildCheck;
        _logger = logger;
        _time = time;
    }

    public void Watch(PendingSuggestion suggestion, string acceptedText)
    {
        WatchedRegion region;
        // Read the text and register under the lock edits are followed under, so no edit falls between the two.
        lock (_gate)
        {
            // The editor inserted the text before it ran the accept command, so find it in the current document.
            var text = _documents.Snapshot().Documents.GetValueOrDefault(suggestion.ShownIn.Uri)?.Text
                       ?? suggestion.ShownIn.Text.Insert(suggestion.Offset, acceptedText);
            var start = Nearest(text, acceptedText, suggestion.Offset) ?? Math.Min(suggestion.Offset, text.Length);
            region = new WatchedRegion(suggestion, acceptedText, text, start, Math.Min(text.Length, start + acceptedText.Length));
            _regions.Add(region);
        }
        foreach (var checkpoint in CheckpointLabels.Survival)
            _ = Task.Delay(checkpoint.Delay(), _time).ContinueWith(_ => CheckAsync(region, checkpoint), TaskScheduler.Default).Unwrap();
    }

    private static int? Nearest(string text, string value, int around)
    {
        if (value.Length == 0)
            return null;
        var from = Math.Max(0, around - value.Length);
        var found = text.IndexOf(value, from, StringComparison.Ordinal);
        return found < 0 ? null : found;
    }

    private async Task CheckAsync(WatchedRegion region, Checkpoint checkpoint)
    {
        try
        {
            var (text, start, end) = region.Current();
            var margin = region.AcceptedText.Length;
            var around = text[Math.Max(0, start - margin)..Math.Min(text.Length, end + margin)];
            var fraction = SurvivalScorer.Score(region.AcceptedText, around);
            var suggestion = region.Suggestion;
            _telemetry.Record(suggestion.Model, suggestion.ShownIn, suggestion.TriggerKind, context => new SuggestionSurvival
            {
                Context = context,
                SuggestionId = suggestion.Id,
                Checkpoint = checkpoint,
                Fraction = fraction,
            });
            await RecordBuildAsync(region, checkpoint);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Survival check of {Id} at {Checkpoint} failed", region.Suggestion.Id, checkpoint.Label());
        }
        finally
        {
            if (checkpoint == CheckpointLabels.Survival[^1])
            {
                lock (_gate)
                    _regions.Remove(region);
            }
        }
    }

    private async Task RecordBuildAsync(WatchedRegion region, Checkpoint checkpoint)
    {
        var (text, start, end) = region.Current();
        var current = region.Suggestion.ShownIn.WithText(region.Suggestion.ShownIn.Version, text);
        var outcome = await _buildCheck.CompareAsync(region.Suggestion.ShownIn, current, start, end);
        var suggestion = region.Suggestion;
        _telemetry.Record(suggestion.Model, suggestion.ShownIn, suggestion.TriggerKind, context => new BuildResult
        {
            Context = context,
            SuggestionId = suggestion.Id,
            Checkpoint = checkpoint,
            RegionHasErrors = outcome.RegionHasErrors,
            NewDocumentErrors = outcome.NewDocumentErrors,
            NewProjectErrors = outcome.NewProjectErrors,
        });
    }

    public void Saved(TextDocument document)
    {
        List<WatchedRegion> saved;
        lock (_gate)
            saved = _regions.Where(r => r.Uri == document.Uri && r.TakeFirstSave()).ToList();
        foreach (var region in saved)
            _ = RecordBuildAsync(region, Checkpoint.Save).ContinueWith(
                t => _logger.LogError(t.Exception, "Build check on save failed"), TaskContinuationOptions.OnlyOnFaulted);
    }

    public void Changed(DocumentChange change)
    {
        lock (_gate)
        {
            foreach (var region in _regions.Where(r => r.Uri == (change.After ?? change.Before)!.Uri))
                region.Follow(change);
        }
    }

    /// <summary>An accepted region and the latest text of its document, moved along by each edit.</summary>
    private sealed class WatchedRegion(PendingSuggestion suggestion, string acceptedText, string text, int start, int end)
    {
        private readonly Lock _gate = new();
        private string _text = text;
        private int _start = start;
        private int _end = end;
        private bool _saved;

        public PendingSuggestion Suggestion { get; } = suggestion;

        public string AcceptedText { get; } = acceptedText;

        public string Uri => Suggestion.ShownIn.Uri;

        public (string Text, int Start, int End) Current()
        {
            lock (_gate)
                return (_text, _start, _end);
        }

        public bool TakeFirstSave()
        {
            lock (_gate)
            {
                var first = !_saved;
                _saved = true;
                return first;
            }
        }

        /// <summary>
        /// Shifts the region by the edit, found as the span between the common prefix and suffix of the texts
        /// before and after (edits are per keystroke, so this is the edit itself). A closed document keeps its last text.
        /// </summary>
        public void Follow(DocumentChange change)
        {
            if (change.After is null)
                return;
            lock (_gate)
            {
                var before = _text;
                var after = change.After.Text;
                var prefix = before.AsSpan().CommonPrefixLength(after);
                var suffix = CommonSuffix(before, after, Math.Min(before.Length, after.Length) - prefix);
                var editStart = prefix;
                var editEnd = before.Length - suffix;
                var delta = after.Length - before.Length;
                if (editEnd <= _start)
                {
                    _start += delta;
                    _end += delta;
                }
                else if (editStart < _end)
                {
                    _start = Math.Min(_start, editStart);
                    _end = Math.Max(_start, _end + delta);
                }
                _start = Math.Clamp(_start, 0, after.Length);
                _end = Math.Clamp(_end, _start, after.Length);
                _text = after;
            }
        }

        private static int CommonSuffix(string a, string b, int max)
        {
            var n = 0;
            while (n < max && a[^(n + 1)] == b[^(n + 1)])
                n++;
            return n;
        }
    }
}
