using CodeAssist.Server.Completion;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Events;
using Range = CodeAssist.Server.Protocol.Range;

namespace CodeAssist.Server.Tests.Completion;

/// <summary>A suggestion as the LSP items of inline and classic completion: inserted at the cursor, accepted by a command.</summary>
public sealed class SuggestionItemTests
{
    private static readonly Range Cursor = new(new Position(2, 35), new Position(2, 35));
    private static readonly SuggestionItem Item = new(new ShownSuggestion("id-1", "\n  a + b;\n", 60, SuggestionVerdict.Compiles), Cursor);

    [Fact]
    public void The_inline_item_inserts_the_text_at_the_cursor_and_carries_the_accept_command()
    {
        var item = Item.ToInlineItem();

        Assert.Equal(("\n  a + b;\n", Cursor), (item.InsertText, item.Range));
        Assert.Equal(SuggestionItem.AcceptCommand, item.Command!.CommandName);
        Assert.Equal("id-1", item.Command.Arguments![0].GetProperty("suggestionId").GetString());
    }

    [Fact]
    public void The_completion_item_is_labelled_by_its_first_line_and_tells_the_verdict()
    {
        var item = Item.ToCompletionItem();

        Assert.Equal("a + b;", item.Label);
        Assert.Equal("CodeAssist (compiles)", item.Detail);
        Assert.Equal(new TextEdit(Cursor, "\n  a + b;\n"), item.TextEdit);
        Assert.Equal(SuggestionItem.AcceptCommand, item.Command!.CommandName);
    }
}
