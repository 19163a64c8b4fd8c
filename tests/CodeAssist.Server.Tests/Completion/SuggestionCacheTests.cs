using CodeAssist.Server.Completion;
using CodeAssist.Telemetry.Events;

namespace CodeAssist.Server.Tests.Completion;

public sealed class SuggestionCacheTests
{
    private static readonly CachedSuggestion Sum = new("return a + b;", SuggestionVerdict.Compiles, []);
    private static readonly CachedSuggestion Difference = new("return a - b;", SuggestionVerdict.Compiles, []);

    [Fact]
    public void The_same_text_around_the_cursor_in_the_same_load_gets_the_same_suggestion()
    {
        var cache = new SuggestionCache();
        cache.Set("load-1", "int Add(int a, int b) { ", " }", Sum);

        Assert.True(cache.TryGet("load-1", "int Add(int a, int b) { ", " }", out var hit));
        Assert.Same(Sum, hit);
        Assert.False(cache.TryGet("load-2", "int Add(int a, int b) { ", " }", out _)); // another format or a reload
        Assert.False(cache.TryGet("load-1", "int Add(int a, int b) {", " }", out _));
        Assert.False(cache.TryGet("load-1", "int Add(int a, int b) { ", "}", out _));
    }

    [Fact]
    public void A_newer_suggestion_for_the_same_key_replaces_the_older()
    {
        var cache = new SuggestionCache();
        cache.Set("load", "p", "s", Sum);
        cache.Set("load", "p", "s", Difference);
        Assert.True(cache.TryGet("load", "p", "s", out var hit));
        Assert.Same(Difference, hit);
    }

    [Fact]
    public void Past_its_capacity_the_least_recently_used_entry_goes()
    {
        var cache = new SuggestionCache(capacity: 2);
        cache.Set("load", "first", "", Sum);
        cache.Set("load", "second", "", Sum);
        Assert.True(cache.TryGet("load", "first", "", out _)); // first is now the most recent
        cache.Set("load", "third", "", Sum);

        Assert.True(cache.TryGet("load", "first", "", out _));
        Assert.False(cache.TryGet("load", "second", "", out _));
        Assert.True(cache.TryGet("load", "third", "", out _));
    }
}
