using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using CodeAssist.Server.Hosting;

namespace CodeAssist.Server.Tests.Lsp;

public sealed class RequestQueueTests
{
    [Fact]
    public async Task A_read_sees_every_earlier_mutation_and_none_after_it_even_while_it_runs()
    {
        var documents = new DocumentStore(NullLogger<DocumentStore>.Instance);
        var queue = new RequestQueue(documents);
        var release = new TaskCompletionSource();
        await queue.Enqueue(true, _ => { documents.Open(new TextDocumentItem("file:///q.cs", "csharp", 1, "v1")); return Task.FromResult(0); });
        var read = queue.Enqueue(false, async snapshot => { await release.Task; return snapshot.Get("file:///q.cs").Text; });
        var write = queue.Enqueue(true, _ =>
        {
            documents.Change(new VersionedTextDocumentIdentifier("file:///q.cs", 2), [new TextDocumentContentChangeEvent("v2")]);
            return Task.FromResult(0);
        });

        await write; // the mutation did not wait for the slow read
        release.SetResult();
        Assert.Equal("v1", await read);
        Assert.Equal("v2", documents.Snapshot().Get("file:///q.cs").Text);
    }

    [Fact]
    public async Task Mutations_run_one_at_a_time_in_arrival_order()
    {
        var documents = new DocumentStore(NullLogger<DocumentStore>.Instance);
        var queue = new RequestQueue(documents);
        var order = new List<int>();
        var running = 0;
        var overlaps = 0;
        var tasks = Enumerable.Range(0, 50).Select(i => queue.Enqueue(true, async _ =>
        {
            if (Interlocked.Increment(ref running) > 1) Interlocked.Increment(ref overlaps);
            await Task.Yield();
            lock (order) order.Add(i);
            Interlocked.Decrement(ref running);
            return i;
        })).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(Enumerable.Range(0, 50), order);
        Assert.Equal(0, overlaps);
    }
}
