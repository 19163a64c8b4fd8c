using System.CommandLine;
using System.Globalization;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Documents;
using Spectre.Console;
using Command = System.CommandLine.Command;

namespace CodeAssist.Benchmarks.Soak;

/// <summary>
/// <c>codeassist bench soak</c>: minutes of typing, completions, format switches and big documents opened and closed
/// against the real server; prints its memory (start, peak, end after closing), threads, handles and whether it crashed.
/// </summary>
public static class BenchSoakCommand
{
    public static Command Create()
    {
        var cli = new BenchCli();
        var minutes = new Option<double>("--minutes") { Description = "How long to type.", DefaultValueFactory = _ => 10 };
        var formats = new Option<string[]>("--format")
        {
            Description = "Demo formats of the qwen3moe model to switch between when no --model is given (repeatable).",
            DefaultValueFactory = _ => ["Q8_0", "Q4_K_M"],
        };
        var interval = new Option<int>("--interval-ms") { Description = "Pause between keystrokes.", DefaultValueFactory = _ => 100 };
        var switchSeconds = new Option<double>("--switch-seconds") { Description = "Seconds between format switches.", DefaultValueFactory = _ => 5 };
        var bigSeconds = new Option<double>("--big-seconds") { Description = "Seconds between rounds of opening and closing big documents.", DefaultValueFactory = _ => 30 };
        var bigDocuments = new Option<int>("--big-documents") { Description = "Big documents opened (then closed) per round.", DefaultValueFactory = _ => 4 };
        var bigMegabytes = new Option<int>("--big-mb") { Description = "Size of each big document in MB.", DefaultValueFactory = _ => 5 };
        var command = new Command("soak",
            "Minutes of typing with completions, format switches and big documents opened and closed, against the real server: " +
            "RSS at start, peak and end (after closing everything, goal: within 20% of the start), threads, handles, crashes.")
        {
            cli.Models, cli.Settings, cli.ModelsDirectory, cli.Threads, minutes, formats, interval, switchSeconds, bigSeconds, bigDocuments, bigMegabytes,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var models = await cli.ModelsAsync(parse, parse.GetValue(formats)!, AnsiConsole.Console, cancellationToken);
            var plan = new SoakPlan(
                TimeSpan.FromMinutes(parse.GetValue(minutes)),
                TimeSpan.FromMilliseconds(parse.GetValue(interval)),
                TimeSpan.FromSeconds(parse.GetValue(switchSeconds)),
                TimeSpan.FromSeconds(parse.GetValue(bigSeconds)),
                parse.GetValue(bigDocuments),
                parse.GetValue(bigMegabytes) << 20,
                WarmupKeystrokes: 40,
                parse.GetValue(cli.Threads));
            using var scratch = new ScratchDirectory("codeassist-bench-soak-");
            var project = Directory.CreateDirectory(Path.Combine(scratch.Path, "project")).FullName;
            await using var server = ProcessLspConnection.Start(Directory.CreateDirectory(Path.Combine(scratch.Path, "data")).FullName);
            await server.InitializeAsync(new Uri(project + "/").AbsoluteUri, cancellationToken);
            var result = await new SoakRun(server, models, plan, project, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]")).RunAsync(cancellationToken);
            AnsiConsole.Write(Render(result, models));
            if (result.CrashExitCode is null)
                await server.ShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static Table Render(SoakResult result, IReadOnlyList<BenchModel> models)
    {
        var table = new Table()
            .Title($"Soak of {result.Elapsed.TotalMinutes:F1} min switching {string.Join(", ", models.Select(m => m.Label))}")
            .AddColumns("measure", "start", "peak", $"end ({SoakRun.EndDelay.TotalSeconds:F0} s after the last close)");
        table.AddRow("resident memory (MiB)", Mebibytes(result.Start), Mebibytes(result.Peak), result.End is { } end ? Mebibytes(end) : "-");
        table.AddRow("threads", Count(result.Start.Threads), Count(result.Peak.Threads), result.End is { } t ? Count(t.Threads) : "-");
        table.AddRow("handles (open file descriptors)", Count(result.Start.Handles), Count(result.Peak.Handles), result.End is { } h ? Count(h.Handles) : "-");
        table.AddRow("end vs start (goal: within 20%)", "", "",
            result.EndGrowth is { } growth ? $"{growth:+0.0%;-0.0%} ({(result.MemoryCameBack ? "came back" : "did NOT come back")})" : "-");
        table.AddRow("keystrokes / completions answered / failed requests", "", "", $"{result.Keystrokes} / {result.Completions} / {result.FailedRequests}");
        table.AddRow("format switches / big documents opened and closed", "", "", $"{result.FormatSwitches} / {result.BigDocumentsOpened}");
        table.AddRow("crashes (server exit)", "", "", result.CrashExitCode is { } code ? $"1 (exit code {code})" : "0");
        return table;
    }

    private static string Mebibytes(ProcessSample sample) => sample.ResidentMiB.ToString("F0", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
