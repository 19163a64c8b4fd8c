using System.Reflection;

namespace CodeAssist.Server.Lsp;

public static class ServerVersion
{
    /// <summary>The informational version without the source-revision suffix the SDK appends.</summary>
    public static string Current { get; } =
        (typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
