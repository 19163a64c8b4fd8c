namespace CodeAssist.Server.Completion;

/// <summary>
/// One completion in flight per document: a newer request (by arrival order, not by which thread starts first)
/// cancels the older one, whose client gets ServerCancelled: the editor has moved on, and computing it would only
/// delay the newer one.
/// </summary>
public sealed class SupersededRequests
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lease> _inFlight = [];

    public Lease Begin(string uri, long arrival, CancellationToken requestCancelled)
    {
        var lease = new Lease(this, uri, arrival, CancellationTokenSource.CreateLinkedTokenSource(requestCancelled));
        Lease? loser = null;
        lock (_gate)
        {
            if (_inFlight.TryGetValue(uri, out var current) && current.Arrival > arrival)
            {
                loser = lease;
            }
            else
            {
                loser = current;
                _inFlight[uri] = lease;
            }
        }
        loser?.Cancel();
        return lease;
    }

    private void End(Lease lease)
    {
        lock (_gate)
        {
            if (_inFlight.GetValueOrDefault(lease.Uri) == lease)
                _inFlight.Remove(lease.Uri);
        }
    }

    public sealed class Lease(SupersededRequests owner, string uri, long arrival, CancellationTokenSource source) : IDisposable
    {
        private readonly Lock _gate = new();
        private bool _disposed;

        public string Uri { get; } = uri;

        public long Arrival { get; } = arrival;

        public CancellationToken Token => source.Token;

        public void Cancel()
        {
            lock (_gate)
            {
                if (!_disposed)
                    source.Cancel();
            }
        }

        public void Dispose()
        {
            owner.End(this);
            lock (_gate)
            {
                _disposed = true;
                source.Dispose();
            }
        }
    }
}
