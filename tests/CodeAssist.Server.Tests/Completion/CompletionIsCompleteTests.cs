using CodeAssist.Server.Completion.PostProcessing;

namespace CodeAssist.Server.Tests.Completion;

/// <summary>When generation may stop: a filter has cut the partial text at a point that no later text can move.</summary>
public sealed class CompletionIsCompleteTests
{
    private static readonly CompletionContext InStatementList =
        CompletionContext.Around("class C\n{\n    int M()\n    {\n        ", "\n        return total;\n    }\n}\n");

    private static readonly CompletionContext MidLine =
        CompletionContext.Around("class C\n{\n    int M()\n    {\n        var x = ", " + 1;\n    }\n}\n");

    [Theory]
    [InlineData("total++;", false)]
    [InlineData("total++;\n        total--;", false)]
    [InlineData("total++;\n    ", false)] // the next line's indentation is not known yet
    [InlineData("total++;\n    return;", true)] // a line of the enclosing block
    [InlineData("total++;\n    }", true)] // a closer the text after the cursor already has
    [InlineData("total++;\n        return total;", false)] // repeats the next line: a cut that more text could move
    public void In_a_statement_list(string partial, bool complete) =>
        Assert.Equal(complete, CompletionPostProcessor.Default.IsComplete(partial, InStatementList));

    [Theory]
    [InlineData("Compute(a)", false)]
    [InlineData("Compute(a)\n", true)]
    [InlineData("Compute(a)\r\n", true)]
    [InlineData("Compute(a)\n        y++;", true)]
    public void Mid_line(string partial, bool complete) =>
        Assert.Equal(complete, CompletionPostProcessor.Default.IsComplete(partial, MidLine));

    [Fact]
    public void A_complete_text_keeps_what_the_full_text_would_keep()
    {
        const string partial = "total++;\n    return;";
        Assert.True(CompletionPostProcessor.Default.IsComplete(partial, InStatementList));
        Assert.Equal(
            CompletionPostProcessor.Default.Apply(partial + "\n    }\n    int N() => 1;", InStatementList),
            CompletionPostProcessor.Default.Apply(partial, InStatementList));
    }

    [Theory]
    [InlineData(new[] { "total", "++;", "\n", "    ", "    total", "--;", "\n", "    ", "return", " 0;" }, 8)]
    [InlineData(new[] { "total++;", "\n", "    }" }, 2)]
    [InlineData(new[] { "total++;", "\n", "        total--;" }, -1)]
    public void Streamed_pieces_complete_at_the_first_piece_that_settles_the_text(string[] pieces, int expected)
    {
        var check = new StreamingCompletionCheck(CompletionPostProcessor.Default, InStatementList);
        var text = "";
        var completedAt = -1;
        for (var index = 0; index < pieces.Length && completedAt < 0; index++)
        {
            text += pieces[index];
            if (check.IsComplete(text))
                completedAt = index;
        }
        Assert.Equal(expected, completedAt);
    }
}
