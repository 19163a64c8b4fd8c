using System.CommandLine;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Hosting;

namespace CodeAssist.Server.Cli;

public static class ServeCommand
{
    /// <summary>Editors start language servers with --stdio; the option is accepted and stdio is the only transport.</summary>
    public static readonly Option<bool> Stdio = new("--stdio") { Description = "Talk LSP over stdin/stdout (the default and only transport)." };

    public static Command Create()
    {
        var command = new Command("serve", "Run the language server over stdio (what an editor starts).") { Stdio };
        command.SetAction((_, _) => RunAsync());
        return command;
    }

    public static Task<int> RunAsync() =>
        LanguageServerHost.RunAsync(ServerOptions.FromEnvironment(Environment.GetEnvironmentVariable),
            Console.OpenStandardInput(), StandardStreams.TakeProtocolOutput());
}
