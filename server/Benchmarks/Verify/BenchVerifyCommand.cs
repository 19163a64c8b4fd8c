using System.CommandLine;
using System.Diagnostics;
using CodeAssist.Benchmarks.Completion;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Verification;
using CodeAssist.Telemetry.Statistics;

namespace CodeAssist.Benchmarks.Verify;

/// <summary><c>codeassist bench verify</c>: verification latency on a large file, cold (fresh workspace) and warm.</summary>
public static class BenchVerifyCommand
{
    /// <summary>Statements a model could plausibly suggest in the generated methods, one per verdict.</summary>
    private static readonly string[] Candidates =
    [
        "total += input * 2;",
        "total = Math.Max(total, _values.Sum());",
        "total += missingValue;",
        "total += input",
    ];

    public static Command Create()
    {
        var file = new Option<FileInfo?>("--file") { Description = "C# file to verify in (default: a generated one)" };
        var lines = new Option<int>("--lines") { Description = "Lines of the generated file", DefaultValueFactory = _ => 1000 };
        var samples = new Option<int>("--samples") { Description = "Verifications per measurement", DefaultValueFactory = _ => 40 };
        var command = new Command("verify", "Measure Roslyn verification time per suggestion (p50/p95, cold and warm)") { file, lines, samples };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(file), parseResult.GetValue(lines), parseResult.GetValue(samples), Console.Out, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(FileInfo? file, int lines, int samples, TextWriter output, CancellationToken cancellationToken)
    {
        var source = file is null ? BenchmarkSource.Generate(lines) : FromFile(file);
        if (source.InsertionPoints.Count == 0)
        {
            await output.WriteLineAsync("no blank line inside a method body to insert at").ConfigureAwait(false);
            return 1;
        }
        using var scratch = new ScratchDirectory("codeassist-bench-verify-");
        var folder = scratch.Path;
        var path = Path.Combine(folder, "Bench.cs");
        await File.WriteAllTextAsync(path, source.Text, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"file: {(file?.FullName ?? "generated")}, {source.Text.Count(c => c == '\n')} lines, {samples} samples each").ConfigureAwait(false);

        var unlimited = TimeSpan.FromMinutes(10);
        var cold = new List<VerificationResult>();
        for (var sample = 0; sample < samples + 1; sample++)
        {
            using var host = RoslynWorkspaceHost.Open(folder, useMsBuild: false);
            await host.Loaded.ConfigureAwait(false);
            cold.Add(await new SuggestionVerifier(host, unlimited).VerifyAsync(path, Pick(source, sample), cancellationToken).ConfigureAwait(false));
        }
        await Report(output, "first in process (JIT)", cold.Take(1)).ConfigureAwait(false);
        await Report(output, "cold (fresh workspace)", cold.Skip(1)).ConfigureAwait(false);

        using var warmHost = RoslynWorkspaceHost.Open(folder, useMsBuild: false);
        await warmHost.Loaded.ConfigureAwait(false);
        var verifier = new SuggestionVerifier(warmHost, unlimited);
        var afterKeystroke = new List<VerificationResult>();
        var prepared = new List<VerificationResult>();
        var nextCandidate = new List<VerificationResult>();
        for (var sample = 0; sample < samples; sample++)
        {
            var (document, offset) = Keystroke(warmHost, path, source, 2 * sample);
            afterKeystroke.Add(await verifier.VerifyAsync(document, Candidate(offset, sample), cancellationToken).ConfigureAwait(false));

            // What a request sees when the baseline was prepared while the model generated.
            (document, offset) = Keystroke(warmHost, path, source, 2 * sample + 1);
            await verifier.PrepareAsync(document, offset, cancellationToken).ConfigureAwait(false);
            prepared.Add(await verifier.VerifyAsync(document, Candidate(offset, sample), cancellationToken).ConfigureAwait(false));
            nextCandidate.Add(await verifier.VerifyAsync(document, Candidate(offset, sample + 1), cancellationToken).ConfigureAwait(false));
        }
        await Report(output, "warm, after a keystroke", afterKeystroke).ConfigureAwait(false);
        await Report(output, "warm, baseline prepared", prepared).ConfigureAwait(false);
        await Report(output, "warm, next candidate", nextCandidate).ConfigureAwait(false);
        var budgetMs = SuggestionVerifier.DefaultBudget.TotalMilliseconds;
        await output.WriteLineAsync(
            $"within the default {budgetMs} ms budget: after a keystroke {afterKeystroke.Count(r => r.ElapsedMs <= budgetMs)}/{samples}, " +
            $"prepared {prepared.Count(r => r.ElapsedMs <= budgetMs)}/{samples}").ConfigureAwait(false);
        return 0;
    }

    /// <summary>Types a comment at an insertion point, as a user would before asking for a completion there.</summary>
    private static (Microsoft.CodeAnalysis.Document Document, int Offset) Keystroke(RoslynWorkspaceHost host, string path, BenchmarkSource source, int sample)
    {
        var point = source.InsertionPoints[sample * 7 % source.InsertionPoints.Count];
        var typed = $"// {sample}";
        host.SetOpenDocumentText(path, source.Text.Insert(point, typed));
        return (host.GetDocument(path), point + typed.Length);
    }

    private static Suggestion Candidate(int offset, int sample) =>
        Suggestion.Insert(offset, "\n        " + Candidates[sample % Candidates.Length]);

    private static Suggestion Pick(BenchmarkSource source, int sample) =>
        Suggestion.Insert(source.InsertionPoints[sample * 7 % source.InsertionPoints.Count], Candidates[sample % Candidates.Length]);

    private static BenchmarkSource FromFile(FileInfo file)
    {
        // Insert after statements: at the end of each line that ends with ';' and is followed by another statement line.
        var text = File.ReadAllText(file.FullName);
        var points = new List<int>();
        for (var end = text.IndexOf(";\n", StringComparison.Ordinal); end >= 0; end = text.IndexOf(";\n", end + 1, StringComparison.Ordinal))
            points.Add(end + 1);
        return new BenchmarkSource(text, points);
    }

    private static Task Report(TextWriter output, string label, IEnumerable<VerificationResult> results)
    {
        var times = results.Select(r => r.ElapsedMs).ToArray();
        var verdicts = string.Join(", ", results.GroupBy(r => r.VerdictName).Select(g => $"{g.Key} {g.Count()}"));
        return output.WriteLineAsync($"{label,-26} p50 {Percentile.Of(times, 50) ?? double.NaN,8:F1} ms  p95 {Percentile.Of(times, 95) ?? double.NaN,8:F1} ms  ({verdicts})");
    }
}
