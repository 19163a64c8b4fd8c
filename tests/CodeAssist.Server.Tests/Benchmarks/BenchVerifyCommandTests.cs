using CodeAssist.Benchmarks.Completion;
using CodeAssist.Benchmarks.Verify;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Benchmarks;

public sealed class BenchVerifyCommandTests
{
    [Fact]
    public async Task PrintsPercentilesForEachMeasurement()
    {
        using var output = new StringWriter();

        var exitCode = await BenchVerifyCommand.RunAsync(file: null, lines: 150, samples: 2, output, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var report = output.ToString();
        Assert.StartsWith("file: generated, 15", report);
        foreach (var measurement in new[] { "first in process", "cold (fresh workspace)", "warm, after a keystroke", "warm, baseline prepared", "warm, next candidate" })
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(measurement)}.*p50 +\d+\.\d ms +p95 +\d+\.\d ms", report);
    }

    [Fact]
    public async Task ReadsAGivenFile()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("Given.cs", "class C\n{\n    int M(int input)\n    {\n        var total = input;\n        return total;\n    }\n}\n");
        using var output = new StringWriter();

        var exitCode = await BenchVerifyCommand.RunAsync(new FileInfo(path), lines: 0, samples: 1, output, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Contains($"file: {path}, 8 lines", output.ToString());
    }

    [Fact]
    public void GeneratedSourceHasTheRequestedSizeAndInsertionPointsInMethods()
    {
        var source = BenchmarkSource.Generate(1000);

        Assert.InRange(source.Text.Count(c => c == '\n'), 1000, 1020);
        Assert.All(source.InsertionPoints, point => Assert.Equal("\n        return total;", source.Text.Substring(point, 22)));
    }

    [Fact]
    public void CommandIsNamedVerify() => Assert.Equal("verify", BenchVerifyCommand.Create().Name);
}
