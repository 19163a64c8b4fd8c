using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Events;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Verification;

public sealed class VerifyPolicyTests : IDisposable
{
    private const string Method = "class C\n{\n    int M(int a)\n    {\n        \n        return a;\n    }\n}\n";
    private static readonly int Cursor = Method.IndexOf("        \n", StringComparison.Ordinal) + 8;

    private readonly TempDirectory _folder = new();
    private readonly RoslynWorkspaceHost _host;
    private readonly SuggestionVerifier _verifier;
    private readonly string _path;

    public VerifyPolicyTests()
    {
        _path = _folder.Write("C.cs", Method);
        _host = RoslynWorkspaceHost.Open(_folder.Path, useMsBuild: false);
        _verifier = new SuggestionVerifier(_host, TimeSpan.FromMinutes(1));
    }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task FilterFallsBackToTheLastCompleteStatement()
    {
        var raw = Suggestion.Insert(Cursor, "a += 1;\n        a *= 2;\n        if (a > unknown");

        var choice = await new VerifyPolicy(VerifyMode.Filter).ChooseAsync(CandidateTruncations.Of(raw), VerifyAsync, CancellationToken.None);

        Assert.Equal("a += 1;\n        a *= 2;", choice.Chosen?.Text);
        Assert.Equal(SuggestionVerdict.Compiles, choice.Result?.Verdict);
        Assert.Equal([SuggestionVerdict.SyntaxError, SuggestionVerdict.Compiles], choice.Tried.Select(t => t.Result.Verdict));
    }

    [Fact]
    public async Task FilterHidesWhenNoCandidateCompiles()
    {
        var raw = Suggestion.Insert(Cursor, "a += missing;");

        var choice = await new VerifyPolicy(VerifyMode.Filter).ChooseAsync(CandidateTruncations.Of(raw), VerifyAsync, CancellationToken.None);

        Assert.Null(choice.Chosen);
        Assert.Equal(SuggestionVerdict.IntroducesErrors, choice.Result?.Verdict);
        Assert.Single(choice.Tried);
    }

    [Fact]
    public async Task AnnotateShowsTheFirstCandidateWithItsVerdict()
    {
        var raw = Suggestion.Insert(Cursor, "a += missing;");

        var choice = await new VerifyPolicy(VerifyMode.Annotate).ChooseAsync([raw], VerifyAsync, CancellationToken.None);

        Assert.Same(raw, choice.Chosen);
        Assert.Equal("introduces-errors", choice.Result?.VerdictName);
    }

    [Fact]
    public async Task OffShowsTheFirstCandidateUnverified()
    {
        var raw = Suggestion.Insert(Cursor, "a += missing;");

        var choice = await new VerifyPolicy(VerifyMode.Off).ChooseAsync([raw], (_, _) => throw new InvalidOperationException("must not verify"), CancellationToken.None);

        Assert.Same(raw, choice.Chosen);
        Assert.Null(choice.Result);
        Assert.Empty(choice.Tried);
    }

    [Fact]
    public async Task FilterShowsAnUncheckedCandidate()
    {
        var raw = Suggestion.Insert(Cursor, "a += missing;");
        var hurried = new SuggestionVerifier(_host, TimeSpan.Zero);

        var choice = await new VerifyPolicy(VerifyMode.Filter).ChooseAsync([raw], (c, ct) => hurried.VerifyAsync(_host.GetDocument(_path), c, ct), CancellationToken.None);

        Assert.Same(raw, choice.Chosen);
        Assert.Equal(SuggestionVerdict.Unchecked, choice.Result?.Verdict);
    }

    [Fact]
    public void TruncationsGoFromFullToLastStatementToFirstLine()
    {
        var raw = Suggestion.Insert(3, "var a = 1;\nvar b = a +\n    2;\nif (b > 2");

        Assert.Equal(
            ["var a = 1;\nvar b = a +\n    2;\nif (b > 2", "var a = 1;\nvar b = a +\n    2;", "var a = 1;"],
            CandidateTruncations.Of(raw).Select(c => c.Text));
        Assert.All(CandidateTruncations.Of(raw), c => Assert.Equal(raw.Replaced, c.Replaced));
    }

    [Fact]
    public void SingleLineCompletionHasOneTruncation() =>
        Assert.Single(CandidateTruncations.Of(Suggestion.Insert(0, "return a;\n")));

    private Task<VerificationResult> VerifyAsync(Suggestion candidate, CancellationToken cancellationToken) =>
        _verifier.VerifyAsync(_host.GetDocument(_path), candidate, cancellationToken);
}
