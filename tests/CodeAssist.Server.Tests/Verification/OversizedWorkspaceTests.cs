using System.Text.Json.Nodes;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Verification;

/// <summary>A folder too big to scan whole (an editor opened on / or a home directory) is bounded, and the user is told.</summary>
public sealed class OversizedWorkspaceTests : IDisposable
{
    private readonly TempDirectory _folder = new("oversized");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_scan_that_stops_at_its_limit_is_a_warning_to_the_user_and_the_server_keeps_serving()
    {
        _folder.Write("Small.cs", "class Small {}\n");
        // Sparse: the scan sees 1 MB more than its byte limit without the test writing it.
        using (var big = File.Create(_folder.File("Big.cs")))
            big.SetLength(WorkspaceScan.MaxBytes + (1 << 20));
        await using var server = InProcessServer.Start();
        var parameters = LspClient.InitializeParams(initializationOptions: new JsonObject { ["workspaceTrusted"] = false });
        parameters["rootUri"] = new Uri(_folder.Path).AbsoluteUri;

        Assert.Null((await server.RequestAsync("initialize", parameters))["error"]);
        await server.NotifyAsync("initialized", new JsonObject());

        var shown = await server.WaitForNotificationAsync("window/showMessage",
            n => ((string?)n["params"]?["message"])?.Contains("stopped scanning") == true);
        Assert.Equal(2, (int?)shown["params"]!["type"]);
        Assert.Contains("MB of *.cs files", (string?)shown["params"]!["message"]);
        Assert.Equal(0, await server.ShutdownAsync());
    }
}
