using CodeAssist.Telemetry.Events;
using CodeAssist.Telemetry.Survival;

namespace CodeAssist.Telemetry.Tests;

public sealed class SurvivalScorerTests
{
    private const string Accepted = "var total = items.Sum(item => item.Price);";

    [Fact]
    public void Untouched_text_survives_fully()
    {
        Assert.Equal(1, SurvivalScorer.Score(Accepted, "    " + Accepted + "\n    return total;"));
    }

    [Fact]
    public void Text_moved_elsewhere_in_the_region_still_survives()
    {
        var region = "// header\nreturn total;\n\n" + Accepted + "\n// footer";

        Assert.Equal(1, SurvivalScorer.Score(Accepted, region));
    }

    [Fact]
    public void Deleted_text_does_not_survive()
    {
        // A few characters of unrelated code line up by chance; that is all that is left.
        Assert.InRange(SurvivalScorer.Score(Accepted, "return 0;"), 0, 0.15);
        Assert.Equal(0, SurvivalScorer.Score(Accepted, ""));
    }

    [Fact]
    public void Partly_edited_text_scores_the_fraction_of_characters_kept()
    {
        // "Price" -> "Cost": 5 edits (4 substitutions, 1 deletion) out of 42 characters.
        var edited = Accepted.Replace("Price", "Cost");

        Assert.Equal(1 - 5.0 / Accepted.Length, SurvivalScorer.Score(Accepted, edited), 10);
    }

    [Fact]
    public void Nothing_accepted_counts_as_survived()
    {
        Assert.Equal(1, SurvivalScorer.Score("", "anything"));
    }

    [Theory]
    [InlineData("abc", "xxabcxx", 0)]
    [InlineData("abc", "xxabxx", 1)]
    // The window "sittin" is two substitutions from "kitten"; the trailing "g" costs nothing.
    [InlineData("kitten", "sitting", 2)]
    [InlineData("abc", "", 3)]
    public void Best_window_distance_is_levenshtein_with_free_ends(string pattern, string text, int expected)
    {
        Assert.Equal(expected, SurvivalScorer.BestWindowDistance(pattern, text));
    }

    [Fact]
    public void Survival_checkpoints_have_labels_and_delays()
    {
        Assert.Equal(["30s", "2m", "10m"], CheckpointLabels.Survival.Select(checkpoint => checkpoint.Label()));
        Assert.Equal([30, 120, 600], CheckpointLabels.Survival.Select(checkpoint => checkpoint.Delay().TotalSeconds));
        Assert.Equal("save", Checkpoint.Save.Label());
        Assert.Throws<ArgumentOutOfRangeException>(() => Checkpoint.Save.Delay());
    }
}
