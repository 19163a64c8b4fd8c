using CodeAssist.Server.Training;
using Spectre.Console;

namespace CodeAssist.Server.Tests.Training;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("codeassist-train-cli-").FullName;
    private readonly StringWriter _output = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<int> RunAsync(params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 240;
        return await TrainCommand.Create(console).Parse(args).InvokeAsync();
    }

    [Fact]
    public async Task An_empty_corpus_folder_is_a_clear_error_and_writes_nothing()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_directory, "corpus")).FullName;
        var output = Path.Combine(_directory, "model.gguf");

        var exit = await RunAsync("--corpus", corpus, "--out", output, "--llama-finetune", "/bin/true");

        Assert.Equal(2, exit);
        Assert.Contains("has no non-empty .cs files", _output.ToString());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_corpus_without_CSharp_is_a_clear_error()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_directory, "corpus")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "main.py"), "print('hi')\n");

        var exit = await RunAsync("--corpus", corpus, "--out", Path.Combine(_directory, "model.gguf"), "--llama-finetune", "/bin/true");

        Assert.Equal(2, exit);
        Assert.Contains("has no non-empty .cs files", _output.ToString());
    }

    [Fact]
    public async Task A_missing_trainer_is_a_clear_error()
    {
        var exit = await RunAsync("--corpus", _directory, "--out", Path.Combine(_directory, "model.gguf"), "--llama-finetune", Path.Combine(_directory, "nope"));

        Assert.Equal(2, exit);
        Assert.Contains("llama-finetune not found", _output.ToString());
    }
}
