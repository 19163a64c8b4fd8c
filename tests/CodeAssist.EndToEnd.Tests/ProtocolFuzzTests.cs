using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>
/// A seeded hostile client against the server process: framing errors, bad JSON, wrong types, absurd positions, stray
/// responses, unreadable ids, duplicate ids, settings churn and format switches between two real models, mixed with
/// valid requests. The run fails on a crash, a hang, or a valid request left unanswered, and prints what it sent.
/// CODEASSIST_FUZZ_SEED and CODEASSIST_FUZZ_MESSAGES change the seed (20261204) and the count (2,000).
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class ProtocolFuzzTests(DemoModelsFixture models, ITestOutputHelper output)
{
    private const string Uri = "file:///work/Fuzz.cs";
    private const string Source = "public class Fuzz\n{\n    public int Add(int a, int b)\n    {\n        return a + b;\n    }\n}\n";

    [Fact]
    public async Task A_seeded_hostile_client_never_takes_the_server_down_and_every_valid_request_is_answered()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CODEASSIST_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261204;
        var count = int.TryParse(Environment.GetEnvironmentVariable("CODEASSIST_FUZZ_MESSAGES"), CultureInfo.InvariantCulture, out var n) ? n : 2000;
        var settings = ModelSession.Settings(models);
        settings["maxTokens"] = 4;
        await using var client = await ModelSession.StartAsync(LspTestClient.Start(), settings);
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Source));
        var fuzz = new Fuzzer(new Random(seed), client, settings);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < count; i++)
            await fuzz.SendOneAsync();
        var unanswered = await fuzz.UnansweredAsync(TimeSpan.FromSeconds(120));
        var final = await client.RequestAsync("codeassist/documentState", TextDocuments.Identifier(Uri), TimeSpan.FromSeconds(60));

        output.WriteLine($"seed {seed}: {count} messages in {clock.Elapsed.TotalSeconds:F1} s; " +
                         string.Join(", ", fuzz.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        Assert.False(client.Process.HasExited, $"the server exited with {(client.Process.HasExited ? client.Process.ExitCode : 0)}:\n{client.Stderr}");
        Assert.Empty(unanswered);
        Assert.True(final["result"] is not null, final.ToJsonString());
    }

    private sealed class Fuzzer(Random random, LspTestClient client, JsonObject settings)
    {
        private readonly List<(long Id, string Method, Task<JsonObject> Answer)> _expected = [];
        private long _nextId = 1_000_000;
        private int _version = 1;

        public Dictionary<string, int> Counts { get; } = [];

        public async Task SendOneAsync()
        {
            var kinds = new (int Weight, string Name, Func<Task> Send)[]
            {
                (14, "valid request", ValidRequestAsync),
                (6, "completion", CompletionAsync),
                (10, "edit", EditAsync),
                (8, "framing error", FramingErrorAsync),
                (8, "bad json", () => client.SendBodyAsync(Encoding.UTF8.GetBytes(Truncated("""{"jsonrpc":"2.0","id":5,"method":"textDocument/completion","params":{}}""")))),
                (8, "wrong types", WrongTypesAsync),
                (8, "stray response", StrayResponseAsync),
                (6, "unreadable id", UnreadableIdAsync),
                (4, "duplicate id", DuplicateIdAsync),
                (6, "bad settings", BadSettingsAsync),
                (3, "format switch", FormatSwitchAsync),
                (4, "lower-case header", LowerCaseHeaderAsync),
                (3, "unknown method", () => RequestAsync("codeassist/" + Word(), new JsonObject())),
                (2, "request as notification", () => client.NotifyAsync(Pick("textDocument/completion", "codeassist/documentState", "shutdown"), new JsonObject())),
            };
            var roll = random.Next(kinds.Sum(k => k.Weight));
            foreach (var (weight, name, send) in kinds)
            {
                if ((roll -= weight) >= 0)
                    continue;
                Counts[name] = Counts.GetValueOrDefault(name) + 1;
                await send();
                return;
            }
        }

        /// <summary>The valid requests still without an answer when the time is up.</summary>
        public async Task<List<string>> UnansweredAsync(TimeSpan limit)
        {
            var all = Task.WhenAll(_expected.Select(e => e.Answer));
            await Task.WhenAny(all, Task.Delay(limit));
            return [.. _expected.Where(e => !e.Answer.IsCompletedSuccessfully).Select(e => $"{e.Method} #{e.Id}")];
        }

        private Task RequestAsync(string method, JsonNode? parameters)
        {
            var id = ++_nextId;
            _expected.Add((id, method, client.ExpectResponse(id)));
            var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
            if (parameters is not null)
                message["params"] = parameters;
            return client.SendAsync(message);
        }

        private Task ValidRequestAsync() => Pick<Func<Task>>(
            () => RequestAsync("codeassist/documentState", TextDocuments.Identifier(Uri)),
            () => RequestAsync("textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = Uri },
                ["range"] = new JsonObject { ["start"] = Position(), ["end"] = Position() },
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
            }),
            () => RequestAsync("textDocument/completion", TextDocuments.At(Uri, random.Next(-2, 12), random.Next(-2, 40))))();

        private Task CompletionAsync() => RequestAsync("textDocument/inlineCompletion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri },
            ["position"] = Position(),
            ["context"] = new JsonObject { ["triggerKind"] = random.Next(1, 3) },
        });

        private Task EditAsync()
        {
            // Mostly valid edits; some out of range or stale, which the server must survive and resynchronise after.
            var version = random.Next(10) == 0 ? _version : ++_version;
            var change = random.Next(8) == 0
                ? TextDocuments.FullText(Source)
                : TextDocuments.Edit(random.Next(0, 9), random.Next(0, 30), random.Next(0, 9), random.Next(0, 30), Pick("x", "\n", "", "é😀", "{", "}", "\"", new string('a', random.Next(1, 200))));
            if (change["range"] is JsonObject range && (int)range["start"]!["line"]! > (int)range["end"]!["line"]!)
                (range["start"], range["end"]) = (range["end"]!.DeepClone(), range["start"]!.DeepClone());
            return client.NotifyAsync("textDocument/didChange", TextDocuments.Change(Uri, version, change));
        }

        private Task FramingErrorAsync() => client.SendRawAsync(Pick(
            Encoding.ASCII.GetBytes("garbage\r\n\r\n"),
            Encoding.ASCII.GetBytes("Content-Length: twelve\r\n\r\n"),
            // A length that does not match the body corrupts whatever follows it, as in any LSP server, so a wrong
            // length here comes with exactly that many bytes of junk: the fuzz checks recovery, not mind reading.
            LengthWithJunk(random.Next(-5, 4)),
            Encoding.ASCII.GetBytes("X-Header-Without-Length: 1\r\n\r\n{}"),
            RandomBytes()));

        private Task WrongTypesAsync() => RequestAsync(Pick("textDocument/completion", "textDocument/inlineCompletion", "codeassist/documentState", "workspace/executeCommand"),
            Pick<JsonNode?>(new JsonObject { ["textDocument"] = random.Next() }, new JsonObject { ["position"] = "here" },
                new JsonObject { ["command"] = 5, ["arguments"] = "x" }, null, new JsonObject()));

        private Task StrayResponseAsync() => client.SendBodyAsync(Encoding.UTF8.GetBytes(Pick(
            $$"""{"jsonrpc":"2.0","id":{{random.Next()}},"result":null}""",
            $$"""{"jsonrpc":"2.0","id":{{random.Next()}},"error":"boom"}""",
            $$$"""{"jsonrpc":"2.0","id":{{{random.Next()}}},"error":{"message":"no code"}}""",
            $$$"""{"jsonrpc":"2.0","id":{{{random.Next()}}},"result":1,"error":{"code":1,"message":"m"}}""",
            """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse"}}""")));

        private Task UnreadableIdAsync() => client.SendBodyAsync(Encoding.UTF8.GetBytes(
            $$$"""{"jsonrpc":"2.0","id":{{{Pick("{\"a\":1}", "[1]", "true", "1.5", "9223372036854775808", "1e300", "\"\\ud800\"")}}},"method":"codeassist/documentState","params":{}}"""));

        private async Task DuplicateIdAsync()
        {
            // Two requests with one id, back to back: exactly one answer for the first is guaranteed, the second may be refused.
            var id = ++_nextId;
            _expected.Add((id, "duplicate", client.ExpectResponse(id)));
            var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "codeassist/documentState", ["params"] = TextDocuments.Identifier(Uri) };
            await client.SendAsync(body);
            await client.SendAsync((JsonObject)body.DeepClone());
        }

        private Task BadSettingsAsync()
        {
            var changed = (JsonObject)settings.DeepClone();
            changed[Pick("verify", "threads", "contextSize", "maxTokens", "verifyBudgetMs", "backend", "prefixTokens")] =
                Pick<JsonNode?>("banana", -5, 100000, 2147483647, 1.5, null, new JsonArray(), 4);
            client.Settings = changed;
            return client.ChangeSettingsAsync();
        }

        private Task FormatSwitchAsync()
        {
            settings["quantFormat"] = (string?)settings["quantFormat"] == "Q8_0" ? "MXFP4_MOE" : "Q8_0";
            client.Settings = (JsonObject)settings.DeepClone();
            return client.ChangeSettingsAsync();
        }

        private Task LowerCaseHeaderAsync()
        {
            var id = ++_nextId;
            _expected.Add((id, "lower-case header", client.ExpectResponse(id)));
            var body = Encoding.UTF8.GetBytes($$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"codeassist/documentState","params":{"textDocument":{"uri":"{{{{Uri}}}}"}}}""");
            return client.SendRawAsync([.. Encoding.ASCII.GetBytes($"{Pick("content-length", "CONTENT-LENGTH", "Content-Length ")}: {body.Length}\r\n\r\n"), .. body]);
        }

        private JsonObject Position() => TextDocuments.Position(
            Pick(random.Next(0, 9), random.Next(-3, 3), int.MaxValue, random.Next(0, 100_000)),
            Pick(random.Next(0, 30), -1, int.MaxValue, random.Next(0, 100_000)));

        private string Truncated(string body) => body[..random.Next(1, body.Length)];

        private static byte[] LengthWithJunk(int length) =>
            Encoding.ASCII.GetBytes($"Content-Length: {length}\r\n\r\n" + new string('x', Math.Max(0, length)));

        private byte[] RandomBytes()
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            return bytes;
        }

        private string Word() => new([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next('a', 'z' + 1))]);

        private T Pick<T>(params T[] choices) => choices[random.Next(choices.Length)];
    }
}
