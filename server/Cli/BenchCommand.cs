using System.CommandLine;
using CodeAssist.Server.Benchmarks.Fim;
using CodeAssist.Server.Benchmarks.Kld;
using CodeAssist.Server.Benchmarks.Speed;
using CodeAssist.Server.Benchmarks.Tasks;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Cli;

/// <summary><c>codeassist bench ...</c>: benchmarks that print numbers (speed goals live here, not in tests).</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "Benchmarks: they print numbers; none of them is a test.")
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
