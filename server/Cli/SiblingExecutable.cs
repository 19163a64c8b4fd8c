using System.Diagnostics;

namespace CodeAssist.Server.Cli;

/// <summary>
/// Another executable of this application, installed in the same folder as this one: <c>codeassist</c> (the server that
/// replay and the benchmarks drive) and <c>codeassist-bench</c>. Run through its apphost, or as <c>dotnet NAME.dll</c>
/// where it was built or published without one.
/// </summary>
public static class SiblingExecutable
{
    public static string Directory => AppContext.BaseDirectory;

    /// <summary>How to start <paramref name="name"/> with <paramref name="arguments"/>; null when it is not installed here.</summary>
    public static ProcessStartInfo? StartInfo(string name, IEnumerable<string> arguments)
    {
        var apphost = Path.Combine(Directory, OperatingSystem.IsWindows() ? name + ".exe" : name);
        var assembly = Path.Combine(Directory, name + ".dll");
        ProcessStartInfo info;
        if (File.Exists(apphost))
            info = new ProcessStartInfo(apphost);
        else if (File.Exists(assembly))
        {
            // Under `dotnet codeassist.dll` this process is the dotnet host: use that same host for the sibling.
            var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
            info = new ProcessStartInfo(host) { ArgumentList = { assembly } };
        }
        else
            return null;
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        return info;
    }
}
