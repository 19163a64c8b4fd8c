using System.Text.Json;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace CodeAssist.Server.Configuration;

/// <summary>
/// Holds the current settings. Clients that support workspace/configuration are asked (pull); others push them in
/// didChangeConfiguration or initializationOptions as <c>{"codeassist": {...}}</c> or the section itself.
/// </summary>
public sealed class SettingsService(LanguageClient client, ILogger<SettingsService> logger)
{
    public const string Section = "codeassist";

    public CodeAssistSettings Current { get; private set; } = CodeAssistSettings.Default;

    private readonly Lock _gate = new();
    private IReadOnlyList<string> _problems = [];
    private string _serialized = JsonSerializer.Serialize(CodeAssistSettings.Default, LspJson.Options);

    /// <summary>Raised with (before, after) when the settings changed.</summary>
    public event Action<CodeAssistSettings, CodeAssistSettings>? Changed;

    public async Task RefreshAsync(JsonElement? pushed, CancellationToken cancellationToken)
    {
        var section = await client.GetConfigurationAsync(Section, cancellationToken) ?? SectionOf(pushed);
        if (section is null)
            return;
        var (next, problems) = SettingsReader.Read(section.Value, Current);
        // One message per invalid value: the same problem again (settings are pulled on every change) is not repeated.
        foreach (var problem in problems.Except(_problems))
        {
            logger.LogWarning("Invalid setting: {Problem}", problem);
            client.ShowMessage(MessageType.Warning, $"CodeAssist: {problem}");
        }
        _problems = problems;
        Apply(next);
    }

    /// <summary>Takes <paramref name="next"/> and raises <see cref="Changed"/>, unless it holds the same values as the current settings.</summary>
    public void Apply(CodeAssistSettings next)
    {
        // By value: the records hold dictionaries, which compare by reference, and every refresh reads new ones.
        var serialized = JsonSerializer.Serialize(next, LspJson.Options);
        CodeAssistSettings before;
        lock (_gate)
        {
            // The API key is kept out of the serialized form, which is logged, so it is compared on its own.
            if (serialized == _serialized && next.ServerApiKey == Current.ServerApiKey)
                return;
            before = Current;
            Current = next;
            _serialized = serialized;
        }
        logger.LogInformation("Settings: {Settings}", serialized);
        Changed?.Invoke(before, next);
    }

    private static JsonElement? SectionOf(JsonElement? pushed)
    {
        if (pushed is not { ValueKind: JsonValueKind.Object } settings)
            return null;
        return settings.TryGetProperty(Section, out var section) && section.ValueKind == JsonValueKind.Object ? section : settings;
    }
}
