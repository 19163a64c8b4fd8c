using System.Text.Json;

namespace CodeAssist.Server.Protocol;

public sealed record ConfigurationItem(string? Section = null, string? ScopeUri = null);

public sealed record ConfigurationParams(ConfigurationItem[] Items);

public sealed record DidChangeConfigurationParams(JsonElement? Settings = null);

public sealed record ExecuteCommandParams(string Command, JsonElement[]? Arguments = null);
