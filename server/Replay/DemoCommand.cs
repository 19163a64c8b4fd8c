using System.CommandLine;
using Spectre.Console;
using Command = System.CommandLine.Command;

namespace CodeAssist.Server.Replay;

/// <summary>
/// <c>codeassist demo</c>: the main job on what ships in the repository. Makes the trained model's formats (as
/// <c>models make-demo</c>), replays the held-out C# files in Replay/DemoFiles through the real server in every format,
/// and prints the per-format report with the paired comparisons.
/// </summary>
public static class DemoCommand
{
    /// <summary>Sites per format that keep the whole demo under 3 minutes on 2 cores from a built tree.</summary>
    public const int DemoLimit = 10;

    public static string DemoFiles => Path.Combine(AppContext.BaseDirectory, "Replay", "DemoFiles");

    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var limit = new Option<int>("--limit") { Description = "Edit sites to sample", DefaultValueFactory = _ => DemoLimit };
        var seed = new Option<int>("--seed") { Description = "Seed of the site sampling", DefaultValueFactory = _ => 1 };
        // Annotate, not the server's filter: the demo shows every suggestion and its verdict goes into the report, where
        // filter would hide most of a small model's; 16 tokens keep six formats' replays within the time budget.
        var shared = new ReplayCliOptions(verify: "annotate", maxTokens: 16);
        var command = new Command("demo", "Replay the C# files that ship in the repository through the real server in every format of the shipped trained model and print the per-format report")
        {
            limit, seed,
        };
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            console.MarkupLine("[bold]CodeAssist demo[/]: the shipped C# model (server/Models/Trained) in each of its formats, replaying held-out files from Replay/DemoFiles");
            return ReplayCommand.RunAsync(shared.Read(parse, DemoFiles, parse.GetValue(limit), parse.GetValue(seed), []), console, cancellationToken);
        });
        return command;
    }
}
