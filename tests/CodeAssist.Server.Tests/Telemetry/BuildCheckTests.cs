using CodeAssist.Server.Documents;
using CodeAssist.Server.Telemetry;
using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeAssist.Server.Tests.Telemetry;

/// <summary>
/// The build check after an accept, on a real Roslyn workspace of two files: <c>Calc.cs</c> declares, <c>Use.cs</c>
/// calls it. An edit inside a body counts from the document alone; one to a declaration also counts the errors it
/// makes in the other file.
/// </summary>
public sealed class BuildCheckTests : IDisposable
{
    private const string Calc = """
        public static class Calc
        {
            public const int Two = 2;

            public static int Add(int a, int b)
            {
                return a + b;
            }
        }
        """;

    private const string Use = """
        public static class Use
        {
            public static int Three() => Calc.Add(1, 2);

            public static string Name(int value) => value switch { Calc.Two => "two", 3 => "three", _ => "other" };
        }
        """;

    private readonly TempDirectory _folder = new("build-check");
    private readonly WorkspaceSync _workspace = new(new RecentEdits(), NullLogger<WorkspaceSync>.Instance);
    private readonly string _uri;

    public BuildCheckTests()
    {
        _uri = new Uri(_folder.Write("Calc.cs", Calc)).AbsoluteUri;
        _folder.Write("Use.cs", Use);
        _workspace.OpenFolder(_folder.Path);
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _folder.Dispose();
    }

    private async Task<BuildOutcome> CheckAsync(string from, string to)
    {
        await _workspace.Host.Loaded;
        var now = Calc.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Calc, now);
        var start = now.IndexOf(to, StringComparison.Ordinal);
        using var check = new BuildCheck(_workspace);
        return await check.CompareAsync(
            new TextDocument(_uri, "csharp", 1, Calc), new TextDocument(_uri, "csharp", 2, now), start, start + to.Length);
    }

    [Fact]
    public async Task A_body_that_stops_compiling_is_one_new_error_in_the_document_and_the_project()
    {
        var outcome = await CheckAsync("return a + b;", "return a + c;");

        Assert.Equal(new BuildOutcome(RegionHasErrors: true, NewDocumentErrors: 1, NewProjectErrors: 1), outcome);
    }

    [Fact]
    public async Task A_body_that_still_compiles_adds_no_error()
    {
        var outcome = await CheckAsync("return a + b;", "return b + a;");

        Assert.Equal(new BuildOutcome(RegionHasErrors: false, NewDocumentErrors: 0, NewProjectErrors: 0), outcome);
    }

    [Fact]
    public async Task A_renamed_method_breaks_its_caller_in_the_other_file()
    {
        var outcome = await CheckAsync("int Add(", "int Plus(");

        Assert.Equal(new BuildOutcome(RegionHasErrors: false, NewDocumentErrors: 0, NewProjectErrors: 1), outcome);
    }

    [Fact]
    public async Task A_const_value_that_repeats_a_case_in_the_other_file_is_a_project_error()
    {
        var outcome = await CheckAsync("Two = 2;", "Two = 3;");

        Assert.Equal(new BuildOutcome(RegionHasErrors: false, NewDocumentErrors: 0, NewProjectErrors: 1), outcome);
    }
}
