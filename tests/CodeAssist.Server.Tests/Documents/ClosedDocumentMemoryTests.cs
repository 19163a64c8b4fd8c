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
}
