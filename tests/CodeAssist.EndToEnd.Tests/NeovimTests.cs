using System.Diagnostics;
using System.Text.Json.Nodes;
using CodeAssist.EndToEnd.Tests.Harness;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>A real editor: Neovim (Debian's 0.7.2 in CI) starts codeassist, edits a C# buffer and asks for completion.</summary>
public sealed class NeovimTests
{
    [Fact]
    public async Task Neovim_starts_the_server_syncs_edits_and_gets_a_completion_response()
    {
        var work = Directory.CreateTempSubdirectory("codeassist-nvim-").FullName;
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
        Assert.NotNull(report["completion"]!["items"]);
        Assert.Equal((string)report["buffer_sha256"]!, (string)report["server_sha256"]!);
        Assert.True((int)report["server_version"]! > 0);
    }
}
