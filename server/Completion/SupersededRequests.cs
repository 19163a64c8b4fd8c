using System.Collections.Concurrent;

namespace CodeAssist.Server.Completion;

/// <summary>
/// One completion in flight per document: a new request for the same document cancels the older one, whose client
/// gets ServerCancelled (the editor has moved on; computing it would only delay the newer one).
/// </summary>
public sealed class SupersededRequests
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _inFlight = new();

    public Lease Begin(string uri, CancellationToken requestCancelled)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestCancelled);
        _inFlight.AddOrUpdate(uri, source, (_, older) =>
        {
            try
            {
                older.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The older request finished meanwhile.
            }
            return source;
        });
        return new Lease(this, uri, source);
    }

    public sealed class Lease(SupersededRequests owner, string uri, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner._inFlight.TryRemove(new KeyValuePair<string, CancellationTokenSource>(uri, source));
            source.Dispose();
        }
    }
}
