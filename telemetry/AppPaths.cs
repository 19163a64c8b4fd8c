namespace CodeAssist.Telemetry;

/// <summary>Where CodeAssist keeps its files: logs, the telemetry database, caches.</summary>
public static class AppPaths
{
    /// <summary>
    /// CODEASSIST_DATA_DIR wins (tests and portable installs), then $XDG_DATA_HOME/codeassist, then ~/.local/share/codeassist.
    /// </summary>
    public static string DataDirectory
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("CODEASSIST_DATA_DIR");
            if (!string.IsNullOrWhiteSpace(overridden))
                return Directory.CreateDirectory(overridden).FullName;
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = string.IsNullOrWhiteSpace(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
                : xdg;
            return Directory.CreateDirectory(Path.Combine(root, "codeassist")).FullName;
        }
    }

    public static string LogDirectory => Directory.CreateDirectory(Path.Combine(DataDirectory, "logs")).FullName;

    public static string TelemetryDatabase => Path.Combine(DataDirectory, "telemetry.db");

    public static string CacheDirectory => Directory.CreateDirectory(Path.Combine(DataDirectory, "cache")).FullName;
}
