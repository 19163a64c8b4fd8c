using System.CommandLine;
using System.CommandLine.Help;
using CodeAssist.Benchmarks;

// `codeassist bench ARGS` runs `codeassist-bench bench ARGS`: the root is named as the server's, so help, usage and
// errors read exactly as they did when the verbs lived in the server.
var root = new Command("codeassist") { BenchCommand.Create(), new HelpOption() };
return await root.Parse(args).InvokeAsync();
