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

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public async Task A_FIM_rate_outside_0_to_1_is_a_clear_error(string rate)
    {
        var exit = await RunAsync("--corpus", _directory, "--out", Path.Combine(_directory, "model.gguf"), "--llama-finetune", "/bin/true", "--fim-rate", rate);

        Assert.Equal(2, exit);
        Assert.Contains($"--fim-rate {rate} is not between 0 and 1", _output.ToString());
    }

    [Fact]
    public async Task A_missing_init_model_is_a_clear_error()
    {
        var exit = await RunAsync("--corpus", _directory, "--out", Path.Combine(_directory, "model.gguf"), "--llama-finetune", "/bin/true",
            "--init", Path.Combine(_directory, "nope.gguf"));

        Assert.Equal(2, exit);
        Assert.Contains("nope.gguf does not exist", _output.ToString());
    }

    [Fact]
    public async Task The_init_model_cannot_be_the_output()
    {
        var model = Path.Combine(_directory, "model.gguf");
        await File.WriteAllTextAsync(model, "");

        var exit = await RunAsync("--corpus", _directory, "--out", model, "--llama-finetune", "/bin/true", "--init", model);

        Assert.Equal(2, exit);
        Assert.Contains("--init and --out are the same file", _output.ToString());
    }
}
