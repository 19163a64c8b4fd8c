using System.Diagnostics;
using System.Text.Json.Nodes;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>A real editor: Neovim (Debian's 0.7.2 in CI) starts codeassist, edits a C# buffer and asks for completion.</summary>
[Collection(DemoModelsCollection.Name)]
public sealed class NeovimTests(DemoModelsFixture models)
{
    private static async Task<JsonNode> RunNeovimAsync(string? modelPath)
    {
        using var workDirectory = new TempDirectory("nvim");
        var work = workDirectory.Path;
        var source = Path.Combine(work, "Program.cs");
        await File.WriteAllTextAsync(source, "class Program\n{\n    static int Main()\n    {\n        return 0;\n    }\n}\n");
        var resultFile = Path.Combine(work, "result.json");

        var info = new ProcessStartInfo("nvim")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--headless", "-i", "NONE", "-u", Path.Combine(AppContext.BaseDirectory, "Neovim", "lsp-session.lua"), source })
            info.ArgumentList.Add(argument);
        info.Environment["CODEASSIST_BIN"] = ServerProcess.ExecutablePath;
        info.Environment["RESULT_FILE"] = resultFile;
        info.Environment["CODEASSIST_DATA_DIR"] = Path.Combine(work, "data");
        info.Environment["XDG_STATE_HOME"] = Path.Combine(work, "state");
        info.Environment["XDG_CACHE_HOME"] = Path.Combine(work, "cache");
        if (modelPath is not null)
        {
            info.Environment["MODEL_PATH"] = modelPath;
            info.Environment["CODEASSIST_TEST_SEAMS"] = "1";
        }

        Process neovim;
        try
        {
            neovim = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Neovim is required for this test: apt-get install -y neovim (.ci/run does).", e);
        }
        using (neovim)
        {
            var stderr = neovim.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await neovim.WaitForExitAsync(timeout.Token);
            Assert.True(File.Exists(resultFile), $"Neovim wrote no result (exit {neovim.ExitCode}): {await stderr}");
        }

        var report = JsonNode.Parse(await File.ReadAllTextAsync(resultFile))!;
        Assert.Equal(0, (int)report["exit_code"]!);
        Assert.Equal("codeassist", (string)report["server_name"]!);
        Assert.Equal("utf-16", (string)report["position_encoding"]!);
        Assert.Null(report["completion_error"]);
        Assert.Equal((string)report["buffer_sha256"]!, (string)report["server_sha256"]!);
        Assert.True((int)report["server_version"]! > 0);
        return report;
    }

    [Fact]
    public async Task Neovim_starts_the_server_syncs_edits_and_gets_a_completion_response()
    {
        var report = await RunNeovimAsync(modelPath: null);
        Assert.Empty(report["completion"]!["items"]!.AsArray()); // no model configured: completions are off
    }

    [Fact]
    public async Task Neovim_receives_a_compile_checked_completion_item_from_the_hosted_model()
    {
        var report = await RunNeovimAsync(models.Get("qwen3moe", "Q8_0").Path);
        var item = report["completion"]!["items"]!.AsArray().Single()!;
        Assert.Equal("return total;", (string)item["textEdit"]!["newText"]!);
        Assert.Equal("CodeAssist (compiles)", (string)item["detail"]!);
        Assert.Equal(6, (int)item["textEdit"]!["range"]!["start"]!["line"]!);
    }
}
