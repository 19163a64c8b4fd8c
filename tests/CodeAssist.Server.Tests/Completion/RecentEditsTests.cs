using CodeAssist.Server.Documents;

namespace CodeAssist.Server.Tests.Completion;

public sealed class RecentEditsTests
{
    private static readonly Func<string, int> Characters = text => text.Length;
    private static readonly string TwentyLines = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"line {i}"));

    [Fact]
    public void OtherFilesMostRecentFirst()
    {
        var edits = new RecentEdits();
        edits.Record("/a.cs", "class A { }", 0);
        edits.Record("/b.cs", "class B { }", 0);
        edits.Record("/current.cs", "class Current { }", 0);

        var chunks = edits.Chunks("/current.cs", 1000, Characters);

        Assert.Equal(["/b.cs", "/a.cs"], chunks.Select(chunk => chunk.Path));
    }

    [Fact]
    public void ChunkIsTheLinesAroundTheLastEdit()
    {
        var edits = new RecentEdits();
        edits.Record("/a.cs", TwentyLines, 2);
        edits.Record("/a.cs", TwentyLines, 10);

        var chunk = Assert.Single(edits.Chunks("/other.cs", 1000, Characters, linesAround: 2));

        Assert.Equal("line 8\nline 9\nline 10\nline 11\nline 12", chunk.Text);
    }

    [Fact]
    public void ChunksStayWithinTheBudget()
    {
        var edits = new RecentEdits();
        edits.Record("/long.cs", TwentyLines, 10);
        edits.Record("/short.cs", "x", 0);

        Assert.Equal(["/short.cs"], edits.Chunks("/other.cs", 50, Characters).Select(chunk => chunk.Path));
    }

    [Fact]
    public void ForgottenAndEvictedFilesAreGone()
    {
        var edits = new RecentEdits(capacity: 2);
        edits.Record("/a.cs", "a", 0);
        edits.Record("/b.cs", "b", 0);
        edits.Record("/c.cs", "c", 0);
        edits.Forget("/c.cs");

        Assert.Equal(["/b.cs"], edits.Chunks("/other.cs", 1000, Characters).Select(chunk => chunk.Path));
    }
}
