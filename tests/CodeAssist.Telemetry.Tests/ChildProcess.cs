using System.Diagnostics;

namespace CodeAssist.Telemetry.Tests;

/// <summary>Starts this test assembly as a separate process running <see cref="ChildWriter"/>.</summary>
internal static class ChildProcess
{
    public static Process Start(params string[] args)
    {
        // The SDK tells test hosts where the dotnet executable is; fall back to PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(typeof(ChildWriter).Assembly.Location);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child writer");
    }
}
