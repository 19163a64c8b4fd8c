using System.Globalization;
using System.Text.Json;

namespace CodeAssist.Server.Configuration;

/// <summary>
/// Reads the <c>codeassist</c> section once per change, setting by setting: a valid value is taken, an absent or null
/// one is the default, and an invalid one (a wrong JSON type, an unknown word, a number out of range) keeps that
/// setting's last good value and yields one message naming the setting, what it must be and what it keeps.
/// </summary>
public static class SettingsReader
{
    public sealed record Result(CodeAssistSettings Settings, IReadOnlyList<string> Problems);

    /// <summary>
    /// No upper bound of our own: a context too large for the machine is the load's clear "out of memory" error, which
    /// names the memory it would need. Below 512 tokens FIM prompts do not fit.
    /// </summary>
    public const int MaxContextSize = int.MaxValue;

    public static Result Read(JsonElement section, CodeAssistSettings previous)
    {
        var fields = new Fields(section, previous);
        var defaults = CodeAssistSettings.Default;
        var telemetry = fields.Object("telemetry");
        var settings = new CodeAssistSettings
        {
            Models = fields.Map("models", defaults.Models, previous.Models),
            QuantFormat = fields.Text("quantFormat", defaults.QuantFormat, previous.QuantFormat),
            GpuLayers = fields.Number("gpuLayers", -1, 100_000, defaults.GpuLayers, previous.GpuLayers),
            Threads = fields.Number("threads", 0, Environment.ProcessorCount, defaults.Threads, previous.Threads),
            ContextSize = fields.Number("contextSize", 512, MaxContextSize, defaults.ContextSize, previous.ContextSize),
            Backend = fields.Choice("backend", defaults.Backend, previous.Backend),
            ServerUrl = fields.Url("serverUrl", defaults.ServerUrl, previous.ServerUrl),
            ServerApiKey = fields.Secret("serverApiKey", defaults.ServerApiKey, previous.ServerApiKey),
            NativeLibraryPath = fields.Text("nativeLibraryPath", defaults.NativeLibraryPath, previous.NativeLibraryPath),
            FimTemplate = fields.Choice("fimTemplate", defaults.FimTemplate, previous.FimTemplate),
            FimOrder = fields.Choice("fimOrder", defaults.FimOrder, previous.FimOrder),
            MaxTokens = fields.Number("maxTokens", 1, 4096, defaults.MaxTokens, previous.MaxTokens),
            CompletionTimeoutMs = fields.Number("completionTimeoutMs", 50, 600_000, defaults.CompletionTimeoutMs, previous.CompletionTimeoutMs),
            PrefixTokens = fields.Number("prefixTokens", 0, MaxContextSize, defaults.PrefixTokens, previous.PrefixTokens),
            SuffixTokens = fields.Number("suffixTokens", 0, MaxContextSize, defaults.SuffixTokens, previous.SuffixTokens),
            VerifyBudgetMs = fields.Number("verifyBudgetMs", 0, 60_000, defaults.VerifyBudgetMs, previous.VerifyBudgetMs),
            Verify = fields.Choice("verify", defaults.Verify, previous.Verify),
            CheckpointMemoryMB = fields.Number("checkpointMemoryMB", 0, 1 << 20, defaults.CheckpointMemoryMB, previous.CheckpointMemoryMB),
            AbTest = fields.Flag("abTest", defaults.AbTest, previous.AbTest),
            Telemetry = new TelemetrySettings
            {
                Enabled = telemetry.Flag("enabled", defaults.Telemetry.Enabled, previous.Telemetry.Enabled),
                IncludeCode = telemetry.Flag("includeCode", defaults.Telemetry.IncludeCode, previous.Telemetry.IncludeCode),
                RejectAfterSeconds = telemetry.Number("rejectAfterSeconds", 1, 86_400, defaults.Telemetry.RejectAfterSeconds, previous.Telemetry.RejectAfterSeconds),
            },
        };
        return new Result(settings, fields.Problems);
    }

    /// <summary>The properties of one JSON object, read with the rule above; problems are shared with nested objects.</summary>
    private sealed class Fields(JsonElement section, CodeAssistSettings previous, string prefix = "codeassist.", List<string>? problems = null)
    {
        public List<string> Problems { get; } = problems ?? [];

        public Fields Object(string name) =>
            Get(name) is { ValueKind: JsonValueKind.Object } nested
                ? new Fields(nested, previous, $"{prefix}{name}.", Problems)
                : new Fields(default, previous, $"{prefix}{name}.", Problems);

        public int Number(string name, int min, int max, int fallback, int last)
        {
            if (Get(name) is not { } value)
                return fallback;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
                return number;
            return Invalid(name, value, $"a whole number from {min} to {max}", last);
        }

        public bool Flag(string name, bool fallback, bool last)
        {
            if (Get(name) is not { } value)
                return fallback;
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : Invalid(name, value, "true or false", last);
        }

        /// <summary>One word of a closed set, in any case and with spaces around it: the enum value whose JSON name it is.</summary>
        public T Choice<T>(string name, T fallback, T last) where T : struct, Enum
        {
            if (Get(name) is not { } value)
                return fallback;
            var words = Words<T>.All;
            if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().ToLowerInvariant() is var word
                && Array.FindIndex(words, w => w.Word == word) is var index and >= 0)
                return words[index].Value;
            return Invalid(name, value, string.Join(", ", words[..^1].Select(w => w.Word)) + " or " + words[^1].Word, last);
        }

        public string? Text(string name, string? fallback, string? last)
        {
            if (Get(name) is not { } value)
                return fallback;
            return value.ValueKind == JsonValueKind.String ? value.GetString() : Invalid(name, value, "a string", last);
        }

        public string Url(string name, string fallback, string last)
        {
            if (Get(name) is not { } value)
                return fallback;
            if (value.ValueKind == JsonValueKind.String && Uri.TryCreate(value.GetString()!.Trim(), UriKind.Absolute, out var url)
                && url.Scheme is "http" or "https")
                return url.ToString();
            return Invalid(name, value, "an http:// or https:// URL", last);
        }

        /// <summary>A string whose values never appear in a message, not even the one kept.</summary>
        public string? Secret(string name, string? fallback, string? last)
        {
            if (Get(name) is not { } value)
                return fallback;
            if (value.ValueKind == JsonValueKind.String)
                return value.GetString();
            Problems.Add($"{prefix}{name} must be a string; keeping the previous value.");
            return last;
        }

        public Dictionary<string, string> Map(string name, Dictionary<string, string> fallback, Dictionary<string, string> last)
        {
            if (Get(name) is not { } value)
                return new Dictionary<string, string>(fallback);
            if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
                return value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            return Invalid(name, value, "an object of format labels to GGUF paths or llama-server model names (strings)", last);
        }

        private JsonElement? Get(string name) =>
            section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value
                : null;

        private T Invalid<T>(string name, JsonElement value, string expected, T last)
        {
            Problems.Add($"{prefix}{name} must be {expected}, not {Describe(value)}; keeping {Describe(last)}.");
            return last;
        }

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"\"{Shorten(value.GetString()!)}\"",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => value.GetRawText(),
        };

        private static string Describe<T>(T value) => value switch
        {
            string text => $"\"{Shorten(text)}\"",
            Enum word => JsonSerializer.Serialize<object>(word),
            null => "none",
            bool flag => flag ? "true" : "false",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            System.Collections.ICollection collection => $"the {collection.Count} configured",
            _ => value.ToString() ?? "",
        };

        /// <summary>A closed set's words in declaration order: each value's JSON name (its JsonStringEnumMemberName).</summary>
        private static class Words<T> where T : struct, Enum
        {
            public static readonly (string Word, T Value)[] All =
                [.. Enum.GetValues<T>().Select(value => (JsonSerializer.SerializeToElement(value).GetString()!, value))];
        }

        private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
    }
}
