using CodeAssist.Server.Completion;

namespace CodeAssist.Server.Tests.Completion;

public sealed class SupersededRequestsTests
{
    [Fact]
    public void A_newer_request_for_the_same_document_cancels_the_older()
    {
        var requests = new SupersededRequests();
        using var older = requests.Begin("file:///a.cs", arrival: 1, CancellationToken.None);
        using var newer = requests.Begin("file:///a.cs", arrival: 2, CancellationToken.None);

        Assert.True(older.Token.IsCancellationRequested);
        Assert.False(newer.Token.IsCancellationRequested);
    }

    [Fact]
    public void An_older_request_that_starts_late_is_the_one_cancelled()
    {
        var requests = new SupersededRequests();
        using var newer = requests.Begin("file:///a.cs", arrival: 2, CancellationToken.None);
        using var older = requests.Begin("file:///a.cs", arrival: 1, CancellationToken.None);

        Assert.True(older.Token.IsCancellationRequested);
        Assert.False(newer.Token.IsCancellationRequested);
    }

    [Fact]
    public void Requests_for_other_documents_do_not_interfere()
    {
        var requests = new SupersededRequests();
        using var a = requests.Begin("file:///a.cs", arrival: 1, CancellationToken.None);
        using var b = requests.Begin("file:///b.cs", arrival: 2, CancellationToken.None);
        Assert.False(a.Token.IsCancellationRequested);
        Assert.False(b.Token.IsCancellationRequested);
    }

    [Fact]
    public void The_client_cancelling_cancels_the_lease_and_an_ended_lease_is_never_cancelled_again()
    {
        var requests = new SupersededRequests();
        using var client = new CancellationTokenSource();
        var first = requests.Begin("file:///a.cs", arrival: 1, client.Token);
        client.Cancel();
        Assert.True(first.Token.IsCancellationRequested);

        var second = requests.Begin("file:///a.cs", arrival: 2, CancellationToken.None);
        second.Dispose();
        first.Cancel(); // after its end: no ObjectDisposedException
        first.Dispose();
        using var third = requests.Begin("file:///a.cs", arrival: 3, CancellationToken.None);
        Assert.False(third.Token.IsCancellationRequested);
    }
}
