using System.Text.Json;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Tests.Configuration;

/// <summary>Settings are validated once per change, each on its own: an invalid value keeps that setting's last good one.</summary>
public sealed class SettingsReaderTests
{
    private static SettingsReader.Result Read(string json, CodeAssistSettings? previous = null) =>
        SettingsReader.Read(JsonDocument.Parse(json).RootElement, previous ?? CodeAssistSettings.Default);

    [Fact]
    public void Valid_values_are_taken_and_absent_or_null_ones_are_the_defaults()
    {
        var (settings, problems) = Read("""
            { "models": { "Q8_0": "/m/q8.gguf" }, "quantFormat": "Q8_0", "verify": "Annotate ", "threads": 1,
              "nativeLibraryPath": null, "telemetry": { "rejectAfterSeconds": 30 }, "unknownSetting": [1] }
            """);
        Assert.Empty(problems);
        Assert.Equal("/m/q8.gguf", settings.Models["Q8_0"]);
        Assert.Equal(VerifyMode.Annotate, settings.Verify);
        Assert.Equal(1, settings.Threads);
        Assert.Equal(30, settings.Telemetry.RejectAfterSeconds);
        Assert.Equal(CodeAssistSettings.Default.ContextSize, settings.ContextSize);
        Assert.True(settings.Telemetry.Enabled);
    }

    [Theory]
    [InlineData("verify", "filter", VerifyMode.Filter)]
    [InlineData("verify", "Annotate", VerifyMode.Annotate)]
    [InlineData("verify", " off ", VerifyMode.Off)]
    [InlineData("fimTemplate", "auto", FimTemplateChoice.Auto)]
    [InlineData("fimTemplate", "qwen", FimTemplateChoice.Qwen)]
    [InlineData("fimTemplate", "CodeLlama", FimTemplateChoice.CodeLlama)]
    [InlineData("fimTemplate", "starcoder", FimTemplateChoice.StarCoder)]
    [InlineData("fimTemplate", "deepseek ", FimTemplateChoice.DeepSeek)]
    [InlineData("fimOrder", "auto", FimOrder.Auto)]
    [InlineData("fimOrder", "PSM", FimOrder.Psm)]
    [InlineData("fimOrder", "spm", FimOrder.Spm)]
    [InlineData("backend", "auto", BackendChoice.Auto)]
    [InlineData("backend", "cpu", BackendChoice.Cpu)]
    [InlineData("backend", "CUDA12", BackendChoice.Cuda12)]
    [InlineData("backend", "llama-server", BackendChoice.LlamaServer)]
    public void Each_word_of_a_closed_set_is_read_once_as_its_enum_value(string setting, string word, object expected)
    {
        var (settings, problems) = Read($$"""{ "{{setting}}": "{{word}}" }""");

        Assert.Empty(problems);
        Assert.Equal(expected, setting switch { "verify" => settings.Verify, "fimTemplate" => settings.FimTemplate, "fimOrder" => settings.FimOrder, _ => (object)settings.Backend });
    }

    [Fact]
    public void The_settings_as_logged_spell_each_enum_as_its_setting_word()
    {
        var settings = CodeAssistSettings.Default with { Backend = BackendChoice.LlamaServer, FimTemplate = FimTemplateChoice.CodeLlama, Verify = VerifyMode.Annotate };

        var json = JsonSerializer.Serialize(settings, LspJson.Options);

        Assert.Contains("\"backend\":\"llama-server\"", json);
        Assert.Contains("\"fimTemplate\":\"codellama\"", json);
        Assert.Contains("\"verify\":\"annotate\"", json);
    }

    [Theory]
    [InlineData(BackendChoice.Auto, LlamaBackend.Auto)]
    [InlineData(BackendChoice.Cpu, LlamaBackend.Cpu)]
    [InlineData(BackendChoice.Cuda12, LlamaBackend.Cuda12)]
    [InlineData(BackendChoice.LlamaServer, LlamaBackend.Auto)]
    public void The_backend_setting_chooses_the_native_backend_of_an_in_process_model(BackendChoice backend, LlamaBackend native) =>
        Assert.Equal(native, (CodeAssistSettings.Default with { Backend = backend }).InProcessBackend);

    [Theory]
    [InlineData("""{ "verify": "banana" }""", "codeassist.verify must be filter, annotate or off, not \"banana\"; keeping \"annotate\".")]
    [InlineData("""{ "verify": 3 }""", "codeassist.verify must be filter, annotate or off, not 3; keeping \"annotate\".")]
    [InlineData("""{ "threads": 100000 }""", "codeassist.threads must be a whole number from 0 to")]
    [InlineData("""{ "threads": "4" }""", "codeassist.threads must be a whole number")]
    [InlineData("""{ "verifyBudgetMs": -5 }""", "codeassist.verifyBudgetMs must be a whole number from 0 to 60000, not -5; keeping 150.")]
    [InlineData("""{ "telemetry": { "rejectAfterSeconds": 2147483647 } }""", "codeassist.telemetry.rejectAfterSeconds must be a whole number from 1 to 86400")]
    [InlineData("""{ "contextSize": 1.5 }""", "codeassist.contextSize must be a whole number")]
    [InlineData("""{ "backend": "tpu" }""", "codeassist.backend must be auto, cpu, cuda12 or llama-server, not \"tpu\"; keeping \"auto\".")]
    [InlineData("""{ "fimTemplate": ["qwen"] }""", "codeassist.fimTemplate must be auto, qwen, codellama, starcoder or deepseek, not an array")]
    [InlineData("""{ "models": { "Q8_0": 5 } }""", "codeassist.models must be an object of format labels to GGUF paths")]
    [InlineData("""{ "abTest": "yes" }""", "codeassist.abTest must be true or false")]
    [InlineData("""{ "serverUrl": "127.0.0.1:8080" }""", "codeassist.serverUrl must be an http:// or https:// URL")]
    [InlineData("""{ "serverUrl": "ftp://host/" }""", "codeassist.serverUrl must be an http:// or https:// URL")]
    public void An_invalid_value_gives_one_message_and_keeps_the_last_good_value(string json, string message)
    {
        var previous = CodeAssistSettings.Default with { Verify = VerifyMode.Annotate, Threads = 1, Models = new() { ["Q8_0"] = "/m.gguf" } };
        var (settings, problems) = Read(json, previous);

        Assert.StartsWith(message, Assert.Single(problems));
        Assert.NotNull(settings);
    }

    [Fact]
    public void The_llama_server_backend_takes_its_url_and_key()
    {
        var (settings, problems) = Read("""{ "backend": "llama-server", "serverUrl": " https://gpu.example:8443/base ", "serverApiKey": "k-123" }""");

        Assert.Empty(problems);
        Assert.True(settings.UsesLlamaServer);
        Assert.Equal("https://gpu.example:8443/base", settings.ServerUrl);
        Assert.Equal("k-123", settings.ServerApiKey);
        Assert.False(CodeAssistSettings.Default.UsesLlamaServer);
    }

    [Fact]
    public void An_invalid_api_key_is_refused_without_quoting_the_key_kept()
    {
        var previous = CodeAssistSettings.Default with { ServerApiKey = "secret-kept-42" };
        var (settings, problems) = Read("""{ "serverApiKey": 42 }""", previous);

        Assert.Equal("secret-kept-42", settings.ServerApiKey);
        Assert.DoesNotContain("secret-kept-42", Assert.Single(problems));
        Assert.DoesNotContain("42", problems[0]);
    }

    [Fact]
    public void The_api_key_is_left_out_of_the_settings_as_logged()
    {
        var settings = CodeAssistSettings.Default with { ServerApiKey = "secret-logged-7" };

        Assert.DoesNotContain("secret-logged-7", JsonSerializer.Serialize(settings, LspJson.Options));
    }

    [Fact]
    public void The_invalid_setting_keeps_its_previous_value_while_the_others_change()
    {
        var previous = CodeAssistSettings.Default with { Verify = VerifyMode.Annotate, Threads = 1 };
        var (settings, problems) = Read("""{ "verify": "banana", "threads": 0, "telemetry": { "rejectAfterSeconds": -1 } }""", previous);

        Assert.Equal(2, problems.Count);
        Assert.Equal(VerifyMode.Annotate, settings.Verify);
        Assert.Equal(0, settings.Threads);
        Assert.Equal(previous.Telemetry.RejectAfterSeconds, settings.Telemetry.RejectAfterSeconds);
    }

    [Fact]
    public void Each_setting_is_judged_alone()
    {
        var (settings, problems) = Read("""{ "verify": "banana", "threads": 1, "maxTokens": 0, "quantFormat": "Q4_K_M" }""");
        Assert.Equal(2, problems.Count);
        Assert.Equal(1, settings.Threads);
        Assert.Equal("Q4_K_M", settings.QuantFormat);
        Assert.Equal(CodeAssistSettings.Default.MaxTokens, settings.MaxTokens);
        Assert.Equal(CodeAssistSettings.Default.Verify, settings.Verify);
    }
}
