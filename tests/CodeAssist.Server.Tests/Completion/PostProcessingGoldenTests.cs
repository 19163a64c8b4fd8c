using CodeAssist.Server.Completion.PostProcessing;

namespace CodeAssist.Server.Tests.Completion;

public sealed class PostProcessingGoldenTests
{
    private static readonly Dictionary<string, ICompletionFilter> Filters = new()
    {
        ["undecodable"] = new UndecodableTextFilter(),
        ["single-line"] = new SingleLineFilter(),
        ["suffix-overlap"] = new SuffixOverlapFilter(),
        ["duplicate-lines"] = new DuplicateSuffixLinesFilter(),
        ["bracket-balance"] = new BracketBalanceFilter(),
        ["indentation"] = new IndentationFilter(),
        ["scope"] = new ScopeFilter(),
        ["empty"] = new EmptyResultFilter(),
        ["pipeline"] = CompletionPostProcessor.Default,
    };

    public static TheoryData<string> Cases() =>
        new(Directory.EnumerateFiles(GoldenCase.Folder, "*.case").Select(Path.GetFileName).Order().OfType<string>());

    [Theory]
    [MemberData(nameof(Cases))]
    public void GoldenCaseHolds(string name)
    {
        var golden = GoldenCase.Load(name);

        var actual = Filters[golden.Filter].Apply(golden.Raw, golden.Context);

        Assert.Equal(golden.Expected, actual);
    }

    [Fact]
    public void EveryFilterHasThreeCasesAndThePipelineRunsThemAll()
    {
        var counts = Directory.EnumerateFiles(GoldenCase.Folder, "*.case")
            .Select(path => GoldenCase.Load(Path.GetFileName(path)).Filter)
            .CountBy(filter => filter)
            .ToDictionary();

        Assert.All(Filters.Keys, filter => Assert.True(counts.GetValueOrDefault(filter) >= 3, $"{filter}: {counts.GetValueOrDefault(filter)} cases"));
        Assert.Equal(
            CompletionPostProcessor.Default.Filters.Select(filter => filter.GetType()).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            Filters.Values.Where(filter => filter != CompletionPostProcessor.Default).Select(filter => filter.GetType()).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
    }

    [Theory]
    [InlineData("class C\n{\n    void M()\n    {\n        x();\n    }\n}\n", false, 4)]
    [InlineData("class C\n{\n  void M()\n  {\n    x();\n  }\n}\n", false, 2)]
    [InlineData("class C\n{\n\tvoid M()\n\t{\n\t\tx();\n\t}\n}\n", true, 4)]
    [InlineData("x();\n", false, 4)]
    public void DetectsTheDocumentIndentation(string text, bool tabs, int width) =>
        Assert.Equal(new IndentationStyle(tabs, width), IndentationStyle.Detect(text));

    [Fact]
    public void CarriageReturnsAreNormalised() =>
        Assert.Equal("a++;", CompletionPostProcessor.Default.Apply("a++;\r\n    }", CompletionContext.Around("class C\n{\n    void M()\n    {\n        ", "\n    }\n}")));

    [Fact]
    public void TheContextKeepsTheLinesAroundTheCursorOfALongFile()
    {
        var before = string.Concat(Enumerable.Range(0, 1000).Select(i => $"    int a{i};\n")) + "    void M()\n    {\n        ";
        var after = "\n    }\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"    int b{i};\n"));

        var context = CompletionContext.Around(before, after);

        Assert.Equal(CompletionContext.LinesAround, context.Prefix.Split('\n').Length);
        Assert.EndsWith("    {\n        ", context.Prefix);
        Assert.Equal(CompletionContext.LinesAround, context.Suffix.Split('\n').Length);
        Assert.StartsWith("\n    }\n", context.Suffix);
        // The pipeline still closes nothing the cursor's method already closes, and keeps the document's indentation.
        Assert.Equal("x++;", CompletionPostProcessor.Default.Apply("x++;\n    }", context));
    }

    [Fact]
    public void AShortFileIsKeptWhole()
    {
        var context = CompletionContext.Around("class C\n{\n    ", "\n}\n");

        Assert.Equal(("class C\n{\n    ", "\n}\n"), (context.Prefix, context.Suffix));
    }
}
