using CodeAssist.Server.Configuration;

namespace CodeAssist.Server.Tests.Configuration;

/// <summary>Blind A/B: the session's format is drawn once among the configured ones, kept, and never named to the user.</summary>
public sealed class SessionFormatTests
{
    private static CodeAssistSettings Settings(bool blind, params string[] labels) => CodeAssistSettings.Default with
    {
        Models = labels.ToDictionary(l => l, l => $"/models/{l}.gguf"),
        QuantFormat = "Q8_0",
        AbTest = blind,
    };

    [Fact]
    public void Without_the_blind_test_the_chosen_format_is_the_setting_and_is_shown()
    {
        var session = new SessionFormat(new Random(1));
        Assert.Equal("Q8_0", session.Choose(Settings(blind: false, "Q8_0", "MXFP4_MOE")));
        Assert.False(session.IsBlind);
        Assert.Equal("Q8_0", session.Display("Q8_0"));
    }

    [Fact]
    public void The_blind_test_draws_each_configured_format_and_keeps_the_draw_for_the_session()
    {
        var drawn = Enumerable.Range(0, 40).Select(seed =>
        {
            var session = new SessionFormat(new Random(seed));
            var first = session.Choose(Settings(blind: true, "Q8_0", "MXFP4_MOE"));
            Assert.Equal(first, session.Choose(Settings(blind: true, "Q8_0", "MXFP4_MOE")));
            Assert.True(session.IsBlind);
            Assert.Equal("the blind-test format", session.Display(first));
            return first;
        }).ToHashSet();
        Assert.Equal(["MXFP4_MOE", "Q8_0"], drawn.Order());
    }

    [Fact]
    public void A_drawn_format_that_is_removed_is_drawn_again_among_the_rest()
    {
        var session = new SessionFormat(new Random(3));
        var first = session.Choose(Settings(blind: true, "Q8_0", "MXFP4_MOE"))!;
        var rest = first == "Q8_0" ? "MXFP4_MOE" : "Q8_0";
        Assert.Equal(rest, session.Choose(Settings(blind: true, rest)));
        Assert.Null(session.Choose(Settings(blind: true)));
    }

    [Fact]
    public void The_draw_depends_on_the_seed_only_not_on_the_order_the_formats_are_configured_in()
    {
        string[] labels = ["Q8_0", "MXFP4_MOE", "Q4_K_M", "Q6_K"];
        foreach (var seed in Enumerable.Range(0, 20))
        {
            var forward = new SessionFormat(new Random(seed)).Choose(Settings(blind: true, labels));
            var backward = new SessionFormat(new Random(seed)).Choose(Settings(blind: true, [.. labels.Reverse()]));
            Assert.Equal(forward, backward);
        }
    }
}
