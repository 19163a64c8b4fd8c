using CodeAssist.Server.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CodeAssist.Server.Tests.Documents;

public sealed class ClosedDocumentMemoryTests
{
    private static readonly TextDocument Document = new("file:///a.cs", "csharp", 1, "class A {}");

    [Fact]
    public void A_burst_of_closes_is_collected_once_after_it_has_been_quiet()
    {
        var clock = new FakeTimeProvider();
        using var memory = new ClosedDocumentMemory(clock, NullLogger<ClosedDocumentMemory>.Instance);

        memory.Changed(new DocumentChange(null, Document, []));           // an open
        memory.Changed(new DocumentChange(Document, Document, []));       // an edit
        clock.Advance(ClosedDocumentMemory.Quiet * 2);
        Assert.Equal(0, memory.Collections);

        memory.Changed(new DocumentChange(Document, null, []));
        clock.Advance(ClosedDocumentMemory.Quiet / 2);
        memory.Changed(new DocumentChange(Document, null, []));
        clock.Advance(ClosedDocumentMemory.Quiet / 2);
        Assert.Equal(0, memory.Collections);
        clock.Advance(ClosedDocumentMemory.Quiet / 2);
        Assert.Equal(1, memory.Collections);
    }

    [Fact]
    public void The_collection_is_repeated_while_the_array_pool_lets_go_of_idle_buffers_then_stops()
    {
        var clock = new FakeTimeProvider();
        using var memory = new ClosedDocumentMemory(clock, NullLogger<ClosedDocumentMemory>.Instance);

        memory.Changed(new DocumentChange(Document, null, []));
        clock.Advance(ClosedDocumentMemory.Quiet);
        Assert.Equal(1, memory.Collections);
        for (var followUp = 1; followUp <= ClosedDocumentMemory.FollowUps; followUp++)
        {
            clock.Advance(ClosedDocumentMemory.PoolTrimInterval);
            Assert.Equal(1 + followUp, memory.Collections);
        }
        clock.Advance(ClosedDocumentMemory.PoolTrimInterval * 10);
        Assert.Equal(1 + ClosedDocumentMemory.FollowUps, memory.Collections);
    }

    [Fact]
    public void A_close_during_the_follow_ups_starts_them_over()
    {
        var clock = new FakeTimeProvider();
        using var memory = new ClosedDocumentMemory(clock, NullLogger<ClosedDocumentMemory>.Instance);

        memory.Changed(new DocumentChange(Document, null, []));
        clock.Advance(ClosedDocumentMemory.Quiet + ClosedDocumentMemory.PoolTrimInterval);
        Assert.Equal(2, memory.Collections);
        memory.Changed(new DocumentChange(Document, null, []));
        clock.Advance(ClosedDocumentMemory.Quiet + ClosedDocumentMemory.PoolTrimInterval * 10);
        Assert.Equal(2 + 1 + ClosedDocumentMemory.FollowUps, memory.Collections);
    }
}
