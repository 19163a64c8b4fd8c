using System.CommandLine;
using CodeAssist.Server.Cli;
using CodeAssist.Server.Models;
using CodeAssist.Server.Replay;
using CodeAssist.Telemetry.Cli;

// The benchmarks are a program of their own (codeassist-bench): every argument after `bench`, --help included, is theirs.
if (args is [BenchLauncher.Name, ..])
    return await BenchLauncher.RunAsync(args);

var root = new RootCommand("CodeAssist: a local AI coding assistant for C#. A language server hosting a quantized GGUF model " +
                           "with llama.cpp, compile-checking suggestions with Roslyn, recording acceptance per quant format.")
{
    ServeCommand.Create(),
    DemoCommand.Create(),
    ReplayCommand.Create(),
    ModelsCommand.Create(),
    TelemetryCommand.Create(),
    BenchLauncher.HelpEntry(),
    ServeCommand.Stdio,
};
root.SetAction((parse, _) =>
{
    if (parse.GetValue(ServeCommand.Stdio))
        return ServeCommand.RunAsync();
    Console.Error.WriteLine("No command given. Run 'codeassist --help' for the commands, or 'codeassist serve' to start the language server.");
    return Task.FromResult(2);
});
return await root.Parse(args).InvokeAsync();
