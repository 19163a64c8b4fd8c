using System.CommandLine;
using System.Diagnostics;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;
using CodeAssist.Telemetry.Statistics;
using Spectre.Console;
using Command = System.CommandLine.Command;

namespace CodeAssist.Benchmarks.Lsp;

/// <summary>
/// <c>codeassist bench lsp</c>: the server's own overhead, measured from outside as an editor sees it: cold start
/// (process start to initialize answer) and the round trip of a request that does almost nothing.
/// </summary>
public static class BenchLspCommand
{
    public static Command Create()
    {
        var starts = new Option<int>("--starts") { Description = "Server processes to start for the cold-start figure.", DefaultValueFactory = _ => 5 };
        var requests = new Option<int>("--requests") { Description = "No-op requests per process.", DefaultValueFactory = _ => 500 };
        var command = new Command("lsp", "Cold start and no-op request latency of the language server over stdio.") { starts, requests };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var coldStarts = new List<double>();
            var roundTrips = new List<double>();
            for (var i = 0; i < parse.GetValue(starts); i++)
            {
                var (coldStart, trips) = await MeasureOneServerAsync(parse.GetValue(requests), cancellationToken);
                coldStarts.Add(coldStart);
                roundTrips.AddRange(trips);
            }
            var table = new Table().AddColumns("measure", "n", "p50 ms", "p95 ms", "min ms", "max ms");
            AddRow(table, "cold start (spawn -> initialize answer)", coldStarts);
            AddRow(table, "no-op request (codeassist/documentState)", roundTrips);
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static async Task<(double ColdStartMs, List<double> RoundTripsMs)> MeasureOneServerAsync(int requests, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var data = new ScratchDirectory("codeassist-bench-lsp-");
        await using var server = ProcessLspConnection.Start(data.Path);
        await server.InitializeAsync(null, cancellationToken);
        var coldStart = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        const string uri = "file:///bench.cs";
        await server.NotifyAsync("textDocument/didOpen", new DidOpenTextDocumentParams(new TextDocumentItem(uri, "csharp", 1, "class Bench { }")));
        var trips = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var before = Stopwatch.GetTimestamp();
            await server.RequestAsync<object>("codeassist/documentState", new { textDocument = new TextDocumentIdentifier(uri) }, cancellationToken);
            trips.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
        }
        await server.ShutdownAsync(cancellationToken);
        return (coldStart, trips);
    }

    private static void AddRow(Table table, string name, List<double> values)
    {
        table.AddRow(name, values.Count.ToString(), $"{Percentile.Of(values, 50):F2}", $"{Percentile.Of(values, 95):F2}", $"{values.Min():F2}", $"{values.Max():F2}");
    }
}
