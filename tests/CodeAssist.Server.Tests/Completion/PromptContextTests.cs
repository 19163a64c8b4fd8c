using CodeAssist.Server.Completion.Context;
using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;
using Microsoft.CodeAnalysis.Text;
using CodeAssist.Server.Documents;

namespace CodeAssist.Server.Tests.Completion;

public sealed class PromptContextTests : IDisposable
{
    private const string Repository = """
        namespace Shop;

        public enum Color { Red, Green }

        public record Item(string Name, Color Color);

        public sealed class Repository : IDisposable
        {
            private readonly List<Item> _items = [];

            public Repository(string root) => Root = root;

            public string Root { get; }

            public int Count => _items.Count;

            public event EventHandler? Changed;

            public Item? Find(string name, bool ignoreCase = false)
            {
                return _items.FirstOrDefault(item => string.Equals(item.Name, name, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
            }

            public void Dispose() => Changed = null;

            private void Hidden() { }
        }
        """;

    private const string Checkout = """
        namespace Shop;

        public class Checkout
        {
            public string Describe(Repository repository)
            {
                var item = repository.Find("apple");
                return $$
            }
        }
        """;

    private static readonly Func<string, int> Characters = text => text.Length;

    private readonly TempDirectory _folder = new();
    private readonly RoslynWorkspaceHost _host;
    private readonly string _checkout;
    private readonly int _cursor;

    public PromptContextTests()
    {
        _folder.Write("src/Repository.cs", Repository);
        _cursor = Checkout.IndexOf("$$", StringComparison.Ordinal);
        _checkout = _folder.Write("src/Checkout.cs", Checkout.Replace("$$", "", StringComparison.Ordinal));
        _host = RoslynWorkspaceHost.Open(_folder.Path, useMsBuild: false);
    }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task SignaturesOfReferencedSourceTypesWithoutBodies()
    {
        await _host.Loaded;

        var files = await ReferencedSignatures.CollectAsync(_host.GetDocument(_checkout), _cursor, 10_000, Characters);

        var file = Assert.Single(files);
        Assert.EndsWith(Path.Combine("src", "Repository.cs"), file.Path);
        Assert.Equal(
            """
            public sealed class Repository : IDisposable
            {
                public Repository(string root);
                public string Root { get; }
                public int Count { get; }
                public event EventHandler? Changed;
                public Item? Find(string name, bool ignoreCase = false);
                public void Dispose();
            }
            public record Item : IEquatable<Item>
            {
                public Item(string Name, Color Color);
                public string Name { get; init; }
                public Color Color { get; init; }
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            file.Text);
    }

    [Fact]
    public async Task SignaturesStopAtTheBudget()
    {
        await _host.Loaded;
        var compilation = await _host.GetDocument(_checkout).Project.GetCompilationAsync();
        var repositoryOnly = ReferencedSignatures.Render(compilation!.GetTypeByMetadataName("Shop.Repository")!).Length + 10;

        var files = await ReferencedSignatures.CollectAsync(_host.GetDocument(_checkout), _cursor, repositoryOnly, Characters);

        var text = Assert.Single(files).Text;
        Assert.StartsWith("public sealed class Repository", text);
        Assert.DoesNotContain("record Item", text);
    }

    [Fact]
    public async Task EnumRendersItsMembers()
    {
        await _host.Loaded;
        var compilation = await _host.GetDocument(_checkout).Project.GetCompilationAsync();

        Assert.Equal("public enum Color\n{\n    Red, Green\n}\n", ReferencedSignatures.Render(compilation!.GetTypeByMetadataName("Shop.Color")!));
    }

    [Fact]
    public async Task PartsCarryWindowsSignaturesAndRecentEdits()
    {
        await _host.Loaded;
        var edits = new RecentEdits();
        var notes = Path.Combine(_folder.Path, "docs", "Notes.cs");
        edits.Record(notes, "// remember the apples", 0);
        edits.Record(_checkout, Checkout, 7);
        var builder = new PromptContextBuilder(Characters, new ContextBudget(PrefixTokens: 80, SuffixTokens: 7, SignatureTokens: 10_000, RecentEditTokens: 100), edits, new SignatureCache());

        var parts = await builder.BuildAsync(_host.GetDocument(_checkout), _cursor, _folder.Path, CancellationToken.None);

        Assert.Equal(Path.GetFileName(_folder.Path), parts.RepositoryName);
        Assert.Equal(Path.Combine("src", "Checkout.cs"), parts.Path);
        Assert.Equal("    {\n        var item = repository.Find(\"apple\");\n        return ", parts.Prefix);
        Assert.Equal("\n    }\n", parts.Suffix);
        Assert.Equal([Path.Combine("src", "Repository.cs"), Path.Combine("docs", "Notes.cs")], parts.ExtraFiles.Select(file => file.Path));
        Assert.Equal(new PromptTokenCounts(parts.Prefix.Length, parts.Suffix.Length, parts.ExtraFiles[0].Text.Length, "// remember the apples".Length), parts.Tokens);
    }

    [Fact]
    public async Task SignatureCacheAnswersNearbyKeystrokesFromTheLastAnswerUntilItIsRefreshed()
    {
        await _host.Loaded;
        var cache = new SignatureCache();
        var document = _host.GetDocument(_checkout);
        var first = await cache.GetAsync(document, _cursor, 10_000, Characters, CancellationToken.None);
        Assert.DoesNotContain("enum Color", Assert.Single(first).Text);

        // The user types a reference to Color on the cursor's line: the next request still gets the last answer at once...
        var (typed, cursor) = await TypeAsync(document, _cursor, "Color.Red + ");
        Assert.Same(first, await cache.GetAsync(typed, cursor, 10_000, Characters, CancellationToken.None));

        // ...and once the refresh for that text has run, the answer names Color.
        await cache.RefreshAsync(typed, cursor, 10_000, Characters);
        Assert.Contains("enum Color", Assert.Single(await cache.GetAsync(typed, cursor, 10_000, Characters, CancellationToken.None)).Text);
    }

    [Fact]
    public async Task SignatureCacheFindsSignaturesAgainWhenTheCursorMovesAway()
    {
        await _host.Loaded;
        var cache = new SignatureCache();
        var document = _host.GetDocument(_checkout);
        await cache.GetAsync(document, _cursor, 10_000, Characters, CancellationToken.None);

        var (moved, cursor) = await TypeAsync(document, _cursor, new string('\n', SignatureCache.NearbyLines + 1) + "Color.Red + ");

        Assert.Contains("enum Color", Assert.Single(await cache.GetAsync(moved, cursor, 10_000, Characters, CancellationToken.None)).Text);
    }

    private static async Task<(Microsoft.CodeAnalysis.Document Document, int Cursor)> TypeAsync(Microsoft.CodeAnalysis.Document document, int cursor, string typed)
    {
        var text = await document.GetTextAsync();
        return (document.WithText(text.WithChanges(new TextChange(new TextSpan(cursor, 0), typed))), cursor + typed.Length);
    }
}
