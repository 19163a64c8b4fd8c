using CodeAssist.Server.Completion.Context;

namespace CodeAssist.Server.Tests.Completion;

public sealed class TokenWindowTests
{
    /// <summary>One token per character keeps the arithmetic visible.</summary>
    private static readonly Func<string, int> Characters = text => text.Length;

    [Fact]
    public void PrefixKeepsWholeLinesNearestTheCursor()
    {
        const string prefix = "line one\nline two\nline three\n    cur";

        Assert.Equal("line three\n    cur", TokenWindow.Prefix(prefix, 20, Characters));
        Assert.Equal("line two\nline three\n    cur", TokenWindow.Prefix(prefix, 27, Characters));
        Assert.Equal(prefix, TokenWindow.Prefix(prefix, 1000, Characters));
    }

    [Fact]
    public void PrefixAlwaysKeepsTheCursorLine() =>
        Assert.Equal("a very long cursor line", TokenWindow.Prefix("first\na very long cursor line", 3, Characters));

    [Fact]
    public void SuffixKeepsWholeLinesNearestTheCursor()
    {
        const string suffix = ");\n    }\n}\n";

        Assert.Equal(");\n    }\n", TokenWindow.Suffix(suffix, 9, Characters));
        Assert.Equal(");\n", TokenWindow.Suffix(suffix, 3, Characters));
        Assert.Equal(suffix, TokenWindow.Suffix(suffix, 100, Characters));
    }

    [Fact]
    public void BudgetHoldsWhenTokensSpanLineBreaks()
    {
        // A tokenizer that charges extra for every line break joined to more text, which per-line counting misses.
        Func<string, int> joined = text => text.Length + 5 * text.TrimEnd('\n').Count(c => c == '\n');
        const string prefix = "aaaa\nbbbb\ncccc\ndd";

        var window = TokenWindow.Prefix(prefix, 17, joined);

        Assert.True(joined(window) <= 17, window);
        Assert.EndsWith("dd", window);
    }
}
