using CodeAssist.Tests.Shared;
using System.Text.Json;
using CodeAssist.Server.Models;
using Spectre.Console;

namespace CodeAssist.Server.Tests.Models;

[Collection(DemoModelsCollection.Name)]
public sealed class ModelsCommandTests(DemoModelsFixture demo) : IDisposable
{
    private readonly TempDirectory _temp = new("cli-cache");
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    public void Dispose() => _temp.Dispose();

    private async Task<int> RunAsync(params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 240;
        return await ModelsCommand.Create(console, _errors, new ModelFingerprinter(_temp.Path)).Parse(args).InvokeAsync();
    }

    [Fact]
    public async Task Inspect_prints_a_table_with_the_fingerprint()
    {
        var model = demo.Get("qwen3next", "MXFP4_MOE");

        var exit = await RunAsync("inspect", model.Path);

        Assert.Equal(0, exit);
        var text = _output.ToString();
        Assert.Contains("qwen3next", text);
        Assert.Contains("MOSTLY_MXFP4_MOE (38)", text);
        Assert.Contains("MXFP4", text);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model.Path))), text);
    }

    [Fact]
    public async Task Inspect_json_lists_one_fingerprint_per_file()
    {
        var exit = await RunAsync("inspect", demo.Get("llama", "Q8_0").Path, demo.Get("qwen3moe", "Q4_K_M").Path, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_output.ToString());
        var items = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["llama", "qwen3moe"], items.Select(i => i.GetProperty("architecture").GetString()));
        Assert.Equal("MOSTLY_Q4_K_M", items[1].GetProperty("fileTypeName").GetString());
        Assert.Equal("Q4_K", items[1].GetProperty("tensorTypes")[0].GetProperty("type").GetString());
        Assert.Equal(64, items[0].GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public async Task Inspect_reports_bad_files_on_the_error_stream_and_fails()
    {
        var path = Path.Combine(_temp.Path, "bad.gguf");
        File.WriteAllText(path, "not a model");

        var exit = await RunAsync("inspect", path, Path.Combine(_temp.Path, "missing.gguf"), demo.Get("llama", "Q6_K").Path, "--json");

        Assert.Equal(1, exit);
        Assert.Contains($"{path}: not a GGUF file", _errors.ToString());
        Assert.Contains("missing.gguf: file not found: no such file", _errors.ToString());
        using var json = JsonDocument.Parse(_output.ToString());
        Assert.Equal("MOSTLY_Q6_K", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("fileTypeName").GetString());
    }

    [Fact]
    public async Task Make_demo_writes_into_the_given_directory_and_lists_the_models()
    {
        var exit = await RunAsync("make-demo", "--out", demo.Directory);

        Assert.Equal(0, exit);
        var text = _output.ToString();
        Assert.All(demo.Models, m => Assert.Contains(Path.GetFileName(m.Path), text));
    }
}
