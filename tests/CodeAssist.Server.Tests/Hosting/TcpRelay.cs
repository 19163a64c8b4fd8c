using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CodeAssist.Server.Tests.Hosting;

/// <summary>
/// A loopback port in front of a real server that a test turns into each failure a network gives: down (nothing
/// listens), up (bytes pass through), failing (every request answered 503) or silent (connections accepted, never
/// answered). Switching closes the open connections, as a restarted server would.
/// </summary>
public sealed class TcpRelay(int targetPort) : IAsyncDisposable
{
    public enum Mode { Down, Up, Failing, Silent }

    private const string ServiceUnavailable = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + "Content-Length: 72\r\n\r\n{\"error\":{\"code\":503,\"message\":\"Overloaded\",\"type\":\"unavailable_error\"}}";

    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _switched = new();
    private Mode _mode = Mode.Down;

    public int Port { get; } = CodeAssist.Tests.Shared.LlamaServerFixture.FreePort();

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Set(Mode mode)
    {
        lock (_open)
        {
            _mode = mode;
            _switched.Cancel();
            _switched = new CancellationTokenSource();
            foreach (var client in _open)
                client.Dispose();
            _open.Clear();
            if (mode == Mode.Down)
            {
                _listener?.Stop();
                _listener = null;
            }
            else if (_listener is null)
            {
                _listener = new TcpListener(IPAddress.Loopback, Port);
                _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                _listener.Start();
                _ = AcceptAsync(_listener);
            }
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            Mode mode;
            CancellationToken switched;
            lock (_open)
            {
                _open.Add(client);
                (mode, switched) = (_mode, _switched.Token);
            }
            _ = ServeAsync(client, mode, switched);
        }
    }

    private async Task ServeAsync(TcpClient client, Mode mode, CancellationToken switched)
    {
        try
        {
            var stream = client.GetStream();
            switch (mode)
            {
                case Mode.Up:
                    using (var target = new TcpClient())
                    {
                        await target.ConnectAsync(IPAddress.Loopback, targetPort);
                        lock (_open)
                            _open.Add(target);
                        await Task.WhenAny(stream.CopyToAsync(target.GetStream(), switched), target.GetStream().CopyToAsync(stream, switched));
                    }
                    break;
                case Mode.Failing:
                    var buffer = new byte[64 * 1024];
                    var request = new StringBuilder();
                    while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                        request.Append(Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer, switched)));
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(ServiceUnavailable), switched);
                    break;
                case Mode.Silent:
                    await Task.Delay(Timeout.Infinite, switched);
                    break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The relay closed the connection on a mode switch, or the client went away.
        }
        finally
        {
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Set(Mode.Down);
        return ValueTask.CompletedTask;
    }
}
