using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Tests.Inference;

public sealed class TokenHealingTests
{
    [Theory]
    [InlineData("var name = Na", " Na")]
    [InlineData("// Copyright (c) 2007 James Newton-K", "-K")]
    [InlineData("        return x.Leng", ".Leng")]
    [InlineData("    if (count > 10", "0")] // each digit is a piece of its own
    [InlineData("Call(a, ", " ")]
    [InlineData("class A\n", "")]
    [InlineData("class A\n        ", "        ")]
    [InlineData("x = \"" + "                                        ", "")] // 40 spaces: longer than the limit
    public void The_trailing_piece_is_the_pre_token_the_cursor_is_in(string prefix, string expected) =>
        Assert.Equal(expected, PreTokens.Trailing(prefix, FimPromptBuilder.MaxHealedChars));

    [Fact]
    public void Only_tokens_that_continue_the_healed_text_stay_possible_until_it_is_spelled_out()
    {
        string[] vocabulary = ["N", "Na", "Name", "x", "", "ame", "a", " Name"];
        var pieces = new TokenPieces(vocabulary);
        var healing = new TokenHealing("Na"u8.ToArray(), pieces);
        var logits = new float[vocabulary.Length];

        Assert.True(healing.Constrain(logits));
        Assert.Equal(["N", "Na", "Name"], Allowed(vocabulary, logits));

        healing.Accept(0); // "N"
        Array.Clear(logits);
        Assert.True(healing.Active);
        Assert.True(healing.Constrain(logits));
        Assert.Equal(["ame", "a"], Allowed(vocabulary, logits));

        healing.Accept(5); // "ame" spells out the rest and goes beyond it
        Assert.False(healing.Active);
    }

    [Fact]
    public void A_vocabulary_that_cannot_spell_the_text_is_reported()
    {
        var healing = new TokenHealing("Q"u8.ToArray(), new TokenPieces(["a", "b"]));
        Assert.False(healing.Constrain(new float[2]));
    }

    private static string[] Allowed(string[] vocabulary, float[] logits) =>
        [.. vocabulary.Where((_, id) => !float.IsNegativeInfinity(logits[id]))];
}
