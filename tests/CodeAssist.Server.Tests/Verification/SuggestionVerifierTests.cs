using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Events;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Verification;

public sealed class SuggestionVerifierTests : IDisposable
{
    private const string Cursor = "$$";

    private const string Program = """
        namespace Demo;

        public class Counter
        {
            private int _count;

            public int Increment(int step)
            {
                $$
                return _count;
            }
        }
        """;

    private readonly TempDirectory _folder = new();
    private readonly RoslynWorkspaceHost _host;

    public SuggestionVerifierTests()
    {
        _host = RoslynWorkspaceHost.Open(_folder.Path, useMsBuild: false);
    }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task CorrectStatementCompiles()
    {
        var result = await VerifyAsync(Program, "_count += step;");

        Assert.Equal(SuggestionVerdict.Compiles, result.Verdict);
        Assert.Empty(result.NewDiagnostics);
        Assert.Equal("compiles", result.VerdictName);
    }

    [Fact]
    public async Task MissingSemicolonIsSyntaxError()
    {
        var result = await VerifyAsync(Program, "_count += step");

        Assert.Equal(SuggestionVerdict.SyntaxError, result.Verdict);
        Assert.Contains(result.NewDiagnostics, diagnostic => diagnostic.Id == "CS1002");
    }

    [Fact]
    public async Task UnknownIdentifierIntroducesCs0103()
    {
        var result = await VerifyAsync(Program, "_count += stepSize;");

        Assert.Equal(SuggestionVerdict.IntroducesErrors, result.Verdict);
        var diagnostic = Assert.Single(result.NewDiagnostics);
        Assert.Equal("CS0103", diagnostic.Id);
        Assert.Contains("stepSize", diagnostic.Message);
        Assert.Equal(8, diagnostic.Line);
    }

    [Fact]
    public async Task ErrorAlreadyInTheDocumentIsNotNew()
    {
        var broken = Program.Replace("return _count;", "return _count + missingField;");

        var result = await VerifyAsync(broken, "_count += step;");

        Assert.Equal(SuggestionVerdict.Compiles, result.Verdict);
    }

    [Fact]
    public async Task StatementTypedAtTheEndOfAHalfWrittenFileCompiles()
    {
        var halfWritten = """
            namespace Demo;

            public class Counter
            {
                private int _count;

                public void Reset()
                {
                    $$
            """;

        var result = await VerifyAsync(halfWritten, "_count = 0;");

        Assert.True(result.Verdict == SuggestionVerdict.Compiles, string.Join("\n", result.NewDiagnostics));
    }

    [Fact]
    public async Task UsesOfImplicitUsingsCompile()
    {
        var result = await VerifyAsync(Program, "Console.WriteLine(new List<int> { step }.Sum());");

        Assert.Equal(SuggestionVerdict.Compiles, result.Verdict);
    }

    [Fact]
    public async Task ReplacedSpanIsSpliced()
    {
        var text = Program.Replace(Cursor, "_count += stp;");
        var path = Open(text);
        var start = text.IndexOf("stp", StringComparison.Ordinal);

        var result = await new SuggestionVerifier(_host, TimeSpan.FromMinutes(1))
            .VerifyAsync(_host.GetDocument(path), new Suggestion(new(start, 3), "step"), CancellationToken.None);

        Assert.Equal(SuggestionVerdict.Compiles, result.Verdict);
    }

    [Fact]
    public async Task ExhaustedBudgetIsUnchecked()
    {
        var path = Open(Program.Replace(Cursor, ""));
        var verifier = new SuggestionVerifier(_host, TimeSpan.Zero);

        var result = await verifier.VerifyAsync(_host.GetDocument(path), Suggestion.Insert(Program.IndexOf(Cursor, StringComparison.Ordinal), "_count++;"), CancellationToken.None);

        Assert.Equal(SuggestionVerdict.Unchecked, result.Verdict);
        Assert.Equal("unchecked", result.VerdictName);
    }

    [Fact]
    public async Task CallerCancellationIsNotAVerdict()
    {
        var path = Open(Program.Replace(Cursor, ""));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new SuggestionVerifier(_host).VerifyAsync(_host.GetDocument(path), Suggestion.Insert(0, "x"), cancelled.Token));
    }

    [Fact]
    public async Task SecondCandidateOnTheSameSnapshotGetsItsOwnVerdict()
    {
        var text = Program.Replace(Cursor, "");
        var path = Open(text);
        var offset = Program.IndexOf(Cursor, StringComparison.Ordinal);
        var verifier = new SuggestionVerifier(_host, TimeSpan.FromMinutes(1));
        var document = _host.GetDocument(path);

        var first = await verifier.VerifyAsync(document, Suggestion.Insert(offset, "_count += nope;"), CancellationToken.None);
        var second = await verifier.VerifyAsync(document, Suggestion.Insert(offset, "_count += step;"), CancellationToken.None);

        Assert.Equal(SuggestionVerdict.IntroducesErrors, first.Verdict);
        Assert.Equal(SuggestionVerdict.Compiles, second.Verdict);
    }

    [Fact]
    public async Task NewMemberClashingWithAnotherIsChecked()
    {
        var text = Program.Replace(Cursor, "");
        var path = Open(text);
        var betweenMembers = text.IndexOf("    public int Increment", StringComparison.Ordinal);

        var result = await new SuggestionVerifier(_host, TimeSpan.FromMinutes(1))
            .VerifyAsync(_host.GetDocument(path), Suggestion.Insert(betweenMembers, "public int Increment(int step) => step;\n"), CancellationToken.None);

        Assert.Equal(SuggestionVerdict.IntroducesErrors, result.Verdict);
        Assert.Contains(result.NewDiagnostics, diagnostic => diagnostic.Id == "CS0111");
    }

    [Fact]
    public async Task PreparedBaselineGivesTheSameVerdicts()
    {
        var path = Open(Program.Replace(Cursor, ""));
        var offset = Program.IndexOf(Cursor, StringComparison.Ordinal);
        var verifier = new SuggestionVerifier(_host, TimeSpan.FromMinutes(1));
        var document = _host.GetDocument(path);

        await verifier.PrepareAsync(document, offset, CancellationToken.None);

        Assert.Equal(SuggestionVerdict.IntroducesErrors, (await verifier.VerifyAsync(document, Suggestion.Insert(offset, "_count += nope;"), CancellationToken.None)).Verdict);
        Assert.Equal(SuggestionVerdict.Compiles, (await verifier.VerifyAsync(document, Suggestion.Insert(offset, "_count += step;"), CancellationToken.None)).Verdict);
    }

    [Fact]
    public async Task WarmUpCompilesATinyDocument() => await new SuggestionVerifier(_host).WarmUpAsync(CancellationToken.None);

    /// <summary>Opens an unsaved Counter.cs: the text never touches the disk the workspace is loading from.</summary>
    private string Open(string text)
    {
        var path = Path.Combine(_folder.Path, "Counter.cs");
        _host.SetOpenDocumentText(path, text);
        return path;
    }

    /// <summary>Opens <paramref name="document"/> without its cursor marker and verifies inserting <paramref name="suggestion"/> there.</summary>
    private async Task<VerificationResult> VerifyAsync(string document, string suggestion)
    {
        var offset = document.IndexOf(Cursor, StringComparison.Ordinal);
        var path = Open(document.Remove(offset, Cursor.Length));
        await _host.Loaded;
        // A generous budget: these tests are about verdicts, and the first Roslyn compilation in a process is slow.
        var verifier = new SuggestionVerifier(_host, TimeSpan.FromMinutes(1));
        return await verifier.VerifyAsync(path, Suggestion.Insert(offset, suggestion), CancellationToken.None);
    }
}
