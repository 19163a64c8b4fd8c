using CodeAssist.Server.Refactoring;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Tests.Refactoring;

public sealed class MinimalEditsTests
{
    private static IReadOnlyList<TextChange> Diff(string before, string after)
    {
        var edits = MinimalEdits.Compute(SourceText.From(before), SourceText.From(after));
        Assert.Equal(after, SourceText.From(before).WithChanges(edits).ToString());
        return edits;
    }

    [Fact]
    public void Identical_texts_need_no_edit() => Assert.Empty(Diff("a\nb\n", "a\nb\n"));

    [Fact]
    public void A_changed_word_is_one_edit_of_that_word()
    {
        var edit = Assert.Single(Diff("one\ntwo three\nfour\n", "one\ntwo 3\nfour\n"));
        Assert.Equal((new TextSpan(8, 5), "3"), (edit.Span, edit.NewText));
    }

    [Fact]
    public void Separate_changes_are_separate_edits_and_unchanged_lines_between_are_untouched()
    {
        var edits = Diff("a\nb\nc\nd\ne\n", "a\nB\nc\nd\nE\nf\n");
        Assert.Equal(2, edits.Count);
        Assert.DoesNotContain(edits, e => e.Span.OverlapsWith(new TextSpan(4, 4)));
    }

    [Fact]
    public void Inserted_and_deleted_lines_are_found_by_the_line_diff()
    {
        Assert.Equal(2, Diff("a\nb\nc\nd\n", "a\nx\nb\nc\n").Count);
        Assert.Single(Diff("keep\n", "keep\nmore\n"));
        Assert.Single(Diff("x\r\ny\r\n", "x\r\n"));
    }
}
