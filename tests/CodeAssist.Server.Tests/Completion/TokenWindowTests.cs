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
    public void PrefixKeepsTheCursorLineWhenItFits() =>
        Assert.Equal("cursor line", TokenWindow.Prefix("first\ncursor line", 11, Characters));

    [Fact]
    public void A_cursor_line_over_the_whole_budget_is_cut_to_the_part_next_to_the_cursor()
    {
        var huge = new string('x', 20_000) + "cursor";
        var prefix = TokenWindow.Prefix("first\n" + huge, 100, Characters);
        Assert.InRange(prefix.Length, 1, 100);
        Assert.EndsWith("cursor", prefix);

        var suffix = TokenWindow.Suffix("after" + huge + "\nnext", 100, Characters);
        Assert.InRange(suffix.Length, 1, 100);
        Assert.StartsWith("after", suffix);
    }

    [Fact]
    public void Budgets_shrink_in_proportion_so_the_prompt_and_the_generation_fit_the_context()
    {
        var settings = new ContextBudget(1536, 128);
        Assert.Same(settings, settings.Within(contextSize: 4096, generationTokens: 128));

        var small = settings.Within(contextSize: 512, generationTokens: 128);
        Assert.True(small.Total + 128 + ContextBudget.TemplateReserve <= 512, $"{small}");
        Assert.True(small.PrefixTokens > small.SuffixTokens);
        Assert.True(small.PrefixTokens > 0);
    }

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
