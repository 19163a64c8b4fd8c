using System.Threading.Channels;
using CodeAssist.Server.Documents;

namespace CodeAssist.Server.Hosting;

/// <summary>
/// Orders work like Roslyn's request queue: items start in arrival order; a mutating item runs alone to completion
/// before the next starts, so document edits apply strictly in order; a read item takes a document snapshot when
/// its turn comes (so it sees every earlier edit and no later one) and then runs concurrently.
/// </summary>
public sealed class RequestQueue
{
    private readonly Channel<Func<Task>> _items = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DocumentStore _documents;

    public RequestQueue(DocumentStore documents)
    {
        _documents = documents;
        _ = Task.Run(ProcessAsync);
    }

    public Task<T> Enqueue<T>(bool mutates, Func<DocumentSnapshot, Task<T>> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _items.Writer.TryWrite(async () =>
        {
            var snapshot = _documents.Snapshot();
            if (mutates)
                await RunAsync(work, snapshot, completion);
            else
                _ = Task.Run(() => RunAsync(work, snapshot, completion));
        });
        return completion.Task;
    }

    public void Complete() => _items.Writer.TryComplete();

    private async Task ProcessAsync()
    {
        await foreach (var item in _items.Reader.ReadAllAsync())
            await item();
    }

    private static async Task RunAsync<T>(Func<DocumentSnapshot, Task<T>> work, DocumentSnapshot snapshot, TaskCompletionSource<T> completion)
    {
        try
        {
            completion.TrySetResult(await work(snapshot));
        }
        catch (OperationCanceledException e)
        {
            completion.TrySetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            completion.TrySetException(e);
        }
    }
}
