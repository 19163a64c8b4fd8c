using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace CodeAssist.Server.Models;

/// <summary><c>codeassist models inspect FILE... [--json]</c> and <c>codeassist models make-demo [--out DIR]</c>.</summary>
public static class ModelsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create() => Create(AnsiConsole.Console, Console.Error, new ModelFingerprinter());

    /// <summary>Errors go to <paramref name="errors"/> so that --json output stays parseable.</summary>
    internal static Command Create(IAnsiConsole console, TextWriter errors, ModelFingerprinter fingerprinter)
    {
        var command = new Command("models", "Inspect GGUF models, make the demo models and train the small C# model");
        command.Subcommands.Add(Inspect(console, errors, fingerprinter));
        command.Subcommands.Add(MakeDemo(console));
        command.Subcommands.Add(Training.TrainCommand.Create(console));
        return command;
    }

    private static Command Inspect(IAnsiConsole console, TextWriter errors, ModelFingerprinter fingerprinter)
    {
        var files = new Argument<string[]>("files") { Description = "GGUF files (any part of a split model)", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the fingerprints as JSON" };
        var inspect = new Command("inspect", "Print each model's fingerprint: architecture, file type, parameters, bits per weight, sizes, sha256, tensor types");
        inspect.Arguments.Add(files);
        inspect.Options.Add(json);
        inspect.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            var fingerprints = new List<ModelFingerprint>();
            var failed = false;
            foreach (var file in parse.GetValue(files) ?? [])
            {
                try
                {
                    var fingerprint = await fingerprinter.ComputeAsync(file, cancellationToken);
                    fingerprints.Add(fingerprint);
                    if (!asJson)
                        console.Write(Render(fingerprint));
                }
                catch (GgufFormatException e)
                {
                    failed = true;
                    await errors.WriteLineAsync(e.Message);
                }
            }
            if (asJson)
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(fingerprints, Json));
            return failed ? 1 : 0;
        });
        return inspect;
    }

    private static Command MakeDemo(IAnsiConsole console)
    {
        var output = new Option<string>("--out") { Description = "Directory for the demo models (default: current directory)" };
        var makeDemo = new Command("make-demo", "Write the trained C# model's formats (codeassist-cs-{F16,Q8_0,Q6_K,Q4_K_M,MXFP4_MOE,UD-Q4_K_XL}.gguf) and the tiny random-weight architecture fixtures (llama, qwen3moe, qwen3next)");
        makeDemo.Options.Add(output);
        makeDemo.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(output) ?? Directory.GetCurrentDirectory();
            var progress = new Progress<string>(line => console.WriteLine(line));
            var models = (await TrainedModels.EnsureAsync(directory, progress, cancellationToken: cancellationToken))
                .Concat(await DemoModels.EnsureAsync(directory, progress, cancellationToken));
            var table = new Table { Title = new TableTitle(Markup.Escape(Path.GetFullPath(directory))) }
                .AddColumns("architecture", "format", "bytes", "file");
            foreach (var model in models)
                table.AddRow(model.Architecture, model.Format, Number(new FileInfo(model.Path).Length), Markup.Escape(Path.GetFileName(model.Path)));
            console.Write(table);
            return 0;
        });
        return makeDemo;
    }

    private static Table Render(ModelFingerprint fingerprint)
    {
        var histogram = new Table().AddColumns("tensor type", "count", "parameters", "bytes");
        foreach (var share in fingerprint.TensorTypes)
            histogram.AddRow(share.Type.ToString(), Number(share.Count), Number(share.Elements), Number(share.Bytes));

        var table = new Table().HideHeaders().AddColumns("", "");
        table.Title = new TableTitle(Path.GetFileName(fingerprint.Parts[0].Path));
        table.AddRow("architecture", Markup.Escape(fingerprint.Architecture + (fingerprint.ArchitectureKnown ? "" : " (unknown to llama.cpp)")));
        table.AddRow("file_type", Markup.Escape($"{fingerprint.FileTypeName} ({fingerprint.FileType?.ToString(CultureInfo.InvariantCulture) ?? "-"})"));
        table.AddRow("parameters", Number(fingerprint.ParameterCount));
        table.AddRow("bits per weight", fingerprint.BitsPerWeight.ToString("F3", CultureInfo.InvariantCulture));
        foreach (var part in fingerprint.Parts)
            table.AddRow("file", Markup.Escape($"{part.Path} ({Number(part.Size)} bytes)"));
        table.AddRow("size", Number(fingerprint.TotalSize) + " bytes");
        table.AddRow("sha256", fingerprint.Sha256);
        table.AddRow(new Markup("tensor types"), histogram);
        return table;
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
