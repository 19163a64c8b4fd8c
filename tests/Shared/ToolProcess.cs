using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CodeAssist.Tests.Shared;

/// <summary>One of llama.cpp's tools as a child process, its output kept, killed with its children on dispose.</summary>
public sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ToolProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static ToolProcess Start(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return new ToolProcess(Process.Start(start)!);
    }

    public Task WaitForListeningAsync(int port) =>
        Polling.UntilAsync(async () =>
        {
            Assert.False(_process.HasExited, $"{_process.StartInfo.FileName} exited at start:\n{Output}");
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return "listening";
            }
            catch (SocketException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(60), () => $"not listening on {port}:\n{Output}");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
