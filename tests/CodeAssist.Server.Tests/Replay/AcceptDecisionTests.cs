using CodeAssist.Server.Replay;

namespace CodeAssist.Server.Tests.Replay;

public sealed class AcceptDecisionTests
{
    [Theory]
    // the whole suggestion: it is the real text from the cursor over its own length
    [InlineData("Count();", "Count();", AcceptKind.Full, 8)]
    [InlineData("Count(", "Count();", AcceptKind.Full, 6)]
    [InlineData("items.Add(item);\n    total++;", "items.Add(item);\n    total++;\n}", AcceptKind.Full, 29)]
    [InlineData(" = 0;", " = 0;", AcceptKind.Full, 5)]
    // longer than what is left to type: never taken whole, since it would run past the real code
    [InlineData("Count();\n", "Count();", AcceptKind.Line, 8)]
    // the first line of a multi-line suggestion, without its line break
    [InlineData("items.Add(item);\n    wrong();", "items.Add(item);\n    total++;", AcceptKind.Line, 16)]
    [InlineData("items.Add(item);\n    wrong();", "items.Add(item);", AcceptKind.Line, 16)]
    // the first word: identifier characters after leading blanks, or a run of symbols
    [InlineData("Count + 1;", "Count();", AcceptKind.Word, 5)]
    [InlineData("  value.Trim()", "  value.Length", AcceptKind.Word, 7)]
    [InlineData("();\n    Next();", "(); }", AcceptKind.Line, 3)]
    [InlineData(")); Next();", ")); Other();", AcceptKind.Word, 3)]
    [InlineData("Count", "Counter();", AcceptKind.Full, 5)]
    // nothing of it is the real text
    [InlineData("Sum();", "Count();", AcceptKind.None, 0)]
    [InlineData("", "Count();", AcceptKind.None, 0)]
    [InlineData("\n    Count();", "Count();", AcceptKind.None, 0)]
    [InlineData("Count();", "", AcceptKind.None, 0)]
    public void Takes_the_longest_of_whole_line_and_word_that_is_the_real_text(string suggestion, string remaining, AcceptKind kind, int length)
    {
        var decision = AcceptDecision.Decide(suggestion, remaining);

        Assert.Equal(new AcceptDecision(kind, length), decision);
        Assert.Equal(kind is AcceptKind.Line or AcceptKind.Word, decision.IsPartial);
        Assert.StartsWith(suggestion[..length], remaining, StringComparison.Ordinal);
    }
}
