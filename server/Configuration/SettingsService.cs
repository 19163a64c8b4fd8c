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

    private IReadOnlyList<string> _problems = [];

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

    public void Apply(CodeAssistSettings next)
    {
        var before = Current;
        Current = next;
        logger.LogInformation("Settings: {Settings}", JsonSerializer.Serialize(next, LspJson.Options));
        Changed?.Invoke(before, next);
    }

    private static JsonElement? SectionOf(JsonElement? pushed)
    {
        if (pushed is not { ValueKind: JsonValueKind.Object } settings)
            return null;
        return settings.TryGetProperty(Section, out var section) && section.ValueKind == JsonValueKind.Object ? section : settings;
    }
}
