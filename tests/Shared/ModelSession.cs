using System.Text.Json.Nodes;

namespace CodeAssist.Tests.Shared;

/// <summary>A server (in process or a process of its own) with demo models configured through workspace/configuration, as an editor would.</summary>
public static class ModelSession
{
    public const string Uri = "file:///work/Calculator.cs";

    public const string Source = """
        using System;
        using System.Collections.Generic;

        public class Calculator
        {
            private readonly List<int> _values = new();

            public int Add(int a, int b)
            {
                
            }

            public int Sum()
            {
                var total = 0;
                foreach (var value in _values)
                {
                    total += value;
                }

                return total;
            }
        }

        """;

    /// <summary>The empty line in Add's body, where a statement goes, and its indentation.</summary>
    public const int BodyLine = 9;
    public const int BodyColumn = 8;

    /// <summary>Settings for two formats of the qwen3moe demo model; tests change what they need.</summary>
    public static JsonObject Settings(DemoModelsFixture models, string active = "Q8_0", string verify = "annotate") => new()
    {
        ["models"] = new JsonObject
        {
            ["Q8_0"] = models.Get("qwen3moe", "Q8_0").Path,
            ["MXFP4_MOE"] = models.Get("qwen3moe", "MXFP4_MOE").Path,
        },
        ["quantFormat"] = active,
        // llama.cpp's backend is chosen once per process, and in-process tests share theirs with TestHost's
        ["backend"] = "cpu",
        ["threads"] = 1,
        ["contextSize"] = 1024,
        ["maxTokens"] = 24,
        ["verify"] = verify,
        ["verifyBudgetMs"] = 20000,
        ["telemetry"] = new JsonObject { ["rejectAfterSeconds"] = 2 },
    };

    public static JsonObject Capabilities() => new()
    {
        ["window"] = new JsonObject { ["workDoneProgress"] = true },
        ["workspace"] = new JsonObject { ["configuration"] = true },
    };

    /// <summary>Initializes <paramref name="client"/>'s server, answers configuration pulls with <paramref name="settings"/>, waits until the model is ready.</summary>
    public static async Task<T> StartAsync<T>(T client, JsonObject settings, string? expectState = "ready") where T : LspClient
    {
        client.Settings = settings;
        await client.InitializeAsync(Capabilities());
        if (expectState is not null)
            await client.WaitForStatusAsync(expectState);
        await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(Uri, Source));
        return client;
    }

    public static JsonObject InlineAt(int line, int character, int triggerKind = 1) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri },
        ["position"] = TextDocuments.Position(line, character),
        ["context"] = new JsonObject { ["triggerKind"] = triggerKind },
    };
}
