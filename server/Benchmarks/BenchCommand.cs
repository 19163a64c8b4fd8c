using System.CommandLine;
using CodeAssist.Benchmarks.Completion;
using CodeAssist.Benchmarks.Fim;
using CodeAssist.Benchmarks.Kld;
using CodeAssist.Benchmarks.Lsp;
using CodeAssist.Benchmarks.Models;
using CodeAssist.Benchmarks.Soak;
using CodeAssist.Benchmarks.Speed;
using CodeAssist.Benchmarks.Tasks;
using CodeAssist.Benchmarks.Verify;
using CodeAssist.Server.Cli;

namespace CodeAssist.Benchmarks;

/// <summary><c>codeassist bench ...</c>: benchmarks that print numbers (speed goals live here, not in tests).</summary>
public static class BenchCommand
{
    public static Command Create() => new(BenchLauncher.Name, BenchLauncher.Description)
    {
        BenchLspCommand.Create(),
        BenchSoakCommand.Create(),
        BenchCompletionCommand.Create(),
        BenchModelsCommand.Create(),
        BenchVerifyCommand.Create(),
        BenchTasksCommand.Create(),
        BenchFimCommand.Create(),
        BenchKldCommand.Create(),
        BenchSpeedCommand.Create(),
    };
}
