using System.Diagnostics;

namespace CodeAssist.Tests.Shared;

/// <summary>Waiting for something the server does in its own time: asked again every 20 ms until it answers or time runs out.</summary>
public static class Polling
{
    /// <summary>The first non-null answer of <paramref name="probe"/>; a <see cref="TimeoutException"/> with <paramref name="failure"/> after <paramref name="limit"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan limit, Func<string> failure) where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } answer)
                return answer;
            if (waited.Elapsed > limit)
                throw new TimeoutException(failure());
            await Task.Delay(20);
        }
    }

    public static Task<T> UntilAsync<T>(Func<T?> probe, TimeSpan limit, Func<string> failure) where T : class =>
        UntilAsync(() => Task.FromResult(probe()), limit, failure);
}
