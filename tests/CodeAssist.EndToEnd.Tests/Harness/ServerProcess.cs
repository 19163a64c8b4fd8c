using System.Diagnostics;

namespace CodeAssist.EndToEnd.Tests.Harness;

/// <summary>The real <c>codeassist</c> executable, built next to the tests, started as a child process.</summary>
public static class ServerProcess
{
    public static string ExecutablePath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "codeassist");
            return File.Exists(path) ? path : throw new FileNotFoundException("codeassist was not built next to the tests", path);
        }
    }

    /// <summary>Runs a CLI verb to its end: exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
