using System.Text.Json.Nodes;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Documents;

public sealed class DocumentSyncTests
{
    private const string Uri = "file:///sync.cs";

    private static readonly string[] Insertions =
    [
        "x", "int y = 1;", "\r\n", "\n", "\r", "// 😀 emoji", "🎉", "𝒳𝒴", "\r\n    return 0;\n", "é", "", "class C { }\r\n",
    ];

    private static async Task<JsonNode> StateAsync(LspClient client) =>
        (await client.RequestAsync("codeassist/documentState", TextDocuments.Identifier(Uri)))["result"]!;

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-8")]
    [InlineData("utf-32")]
    public async Task Random_incremental_edits_with_emoji_and_mixed_line_endings_match_a_reference(string encoding)
    {
        await using var client = InProcessServer.Start(testSeams: true);
        var capabilities = new JsonObject { ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray(encoding) } };
        await client.InitializeAsync(capabilities);
        var reference = new ReferenceText("using System;\r\n\nclass 😀 {\r}\n");
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, reference.Text));

        var random = new Random(1234);
        for (var version = 2; version < 300; version++)
        {
            var a = reference.RandomBoundary(random);
            var b = reference.RandomBoundary(random);
            var (start, end) = (Math.Min(a, b), Math.Max(a, b));
            if (end - start > 20) end = start;
            var text = Insertions[random.Next(Insertions.Length)];
            var (startLine, startCharacter) = reference.PositionOf(start, encoding);
            var (endLine, endCharacter) = reference.PositionOf(end, encoding);
            reference.Replace(start, end, text);
            await client.NotifyAsync("textDocument/didChange",
                TextDocuments.Change(Uri, version, TextDocuments.Edit(startLine, startCharacter, endLine, endCharacter, text)));
        }

        var state = await StateAsync(client);
        Assert.False((bool)state["outOfSync"]!);
        Assert.Equal(TextDocuments.Sha256(reference.Text), (string)state["sha256"]!);
        Assert.Equal(299, (int)state["version"]!);
    }

    [Fact]
    public async Task A_thousand_rapid_edits_then_a_request_sees_the_final_text()
    {
        await using var client = InProcessServer.Start(testSeams: true);
        await client.InitializeAsync();
        var reference = new ReferenceText("class Fast\r\n{\r\n}\r\n");
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, reference.Text));
        var sends = new List<Task>();
        for (var version = 2; version <= 1001; version++)
        {
            var offset = reference.Text.IndexOf('}');
            var (line, character) = reference.PositionOf(offset);
            var text = $"    int f{version};\r\n";
            reference.Replace(offset, offset, text);
            sends.Add(client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, version, TextDocuments.Edit(line, character, line, character, text))));
        }
        var state = await StateAsync(client);
        await Task.WhenAll(sends);
        Assert.Equal(1001, (int)state["version"]!);
        Assert.Equal(TextDocuments.Sha256(reference.Text), (string)state["sha256"]!);
    }

    [Fact]
    public async Task Several_changes_in_one_notification_apply_in_order_and_a_full_change_replaces_all()
    {
        await using var client = InProcessServer.Start(testSeams: true);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, "ab\ncd"));
        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 2,
            TextDocuments.Edit(0, 1, 0, 1, "X"),
            TextDocuments.Edit(1, 0, 1, 2, "done"),
            TextDocuments.Edit(0, 0, 0, 0, "1\r\n")));
        Assert.Equal(TextDocuments.Sha256("1\r\naXb\ndone"), (string)(await StateAsync(client))["sha256"]!);

        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 3, TextDocuments.FullText("fresh")));
        Assert.Equal(TextDocuments.Sha256("fresh"), (string)(await StateAsync(client))["sha256"]!);
    }

    [Fact]
    public async Task A_character_past_the_line_end_means_the_line_end()
    {
        await using var client = InProcessServer.Start(testSeams: true);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, "ab\r\ncd"));
        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 2, TextDocuments.Edit(0, 99, 0, 99, "!")));
        Assert.Equal(TextDocuments.Sha256("ab!\r\ncd"), (string)(await StateAsync(client))["sha256"]!);
    }

    [Fact]
    public async Task An_out_of_range_edit_desynchronises_until_a_full_change_and_never_crashes()
    {
        await using var client = InProcessServer.Start(testSeams: true);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, "one\ntwo"));
        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 2, TextDocuments.Edit(7, 0, 7, 1, "boom")));
        var broken = await StateAsync(client);
        Assert.True((bool)broken["outOfSync"]!);

        var refused = await client.RequestAsync("textDocument/completion", TextDocuments.At(Uri, 0, 0));
        Assert.Equal(-32801, (int)refused["error"]!["code"]!);

        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 3, TextDocuments.Edit(0, 0, 0, 0, "ignored")));
        Assert.True((bool)(await StateAsync(client))["outOfSync"]!);

        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 4, TextDocuments.FullText("one\ntwo\nthree")));
        var healed = await StateAsync(client);
        Assert.False((bool)healed["outOfSync"]!);
        Assert.Equal(TextDocuments.Sha256("one\ntwo\nthree"), (string)healed["sha256"]!);
        await client.WaitForStderrAsync("cannot be applied");
    }

    [Fact]
    public async Task A_stale_version_is_logged_and_desynchronises()
    {
        await using var client = InProcessServer.Start(testSeams: true);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, "v1", version: 5));
        await client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, 4, TextDocuments.Edit(0, 0, 0, 0, "old")));
        Assert.True((bool)(await StateAsync(client))["outOfSync"]!);
        await client.WaitForStderrAsync("Stale didChange");
    }

    [Fact]
    public async Task Close_forgets_the_document()
    {
        await using var client = InProcessServer.Start(testSeams: true);
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, "x"));
        await client.NotifyAsync("textDocument/didSave", TextDocuments.Identifier(Uri));
        await client.NotifyAsync("textDocument/didClose", TextDocuments.Identifier(Uri));
        var gone = await client.RequestAsync("codeassist/documentState", TextDocuments.Identifier(Uri));
        Assert.Contains("not open", (string)gone["error"]!["message"]!);
    }
}
