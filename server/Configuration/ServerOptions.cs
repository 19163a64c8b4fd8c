using CodeAssist.Server.Inference;
using Serilog.Events;

namespace CodeAssist.Server.Configuration;

/// <summary>
/// Everything the language server takes from outside: where its files go, its clock, its log, and the test-only
/// requests. The CLI builds it (from the environment, see <see cref="FromEnvironment"/>); tests build it directly.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>Logs, the telemetry database and caches live below this folder.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The clock of the rejection, survival and build-check timers and of event timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public LogEventLevel LogLevel { get; init; } = LogEventLevel.Information;

    /// <summary>Also log to stderr (the process's own log stream); in-process tests keep only the file.</summary>
    public bool LogToStandardError { get; init; } = true;

    /// <summary>Serves codeassist/test/injectCompletion, so end-to-end tests can show a known suggestion.</summary>
    public bool TestSeams { get; init; }

    /// <summary>The model the server uses instead of its own backends: a test double, so in-process tests choose every answer.</summary>
    public ICompletionModel? CompletionModel { get; init; }

    public string LogDirectory => Directory.CreateDirectory(Path.Combine(DataDirectory, "logs")).FullName;

    public string TelemetryDatabase => Path.Combine(DataDirectory, "telemetry.db");

    public string CacheDirectory => Directory.CreateDirectory(Path.Combine(DataDirectory, "cache")).FullName;

    /// <summary>
    /// The options of a server an editor starts: the data directory of <see cref="CodeAssist.Telemetry.AppPaths"/>
    /// (CODEASSIST_DATA_DIR, then XDG), CODEASSIST_LOG_LEVEL, and for tests CODEASSIST_TEST_SEAMS=1 with
    /// CODEASSIST_TEST_TIME_SCALE, which shortens every server timer so a test can watch the survival checkpoints pass.
    /// </summary>
    public static ServerOptions FromEnvironment(Func<string, string?> variable)
    {
        var seams = variable("CODEASSIST_TEST_SEAMS") == "1";
        var scale = seams && double.TryParse(variable("CODEASSIST_TEST_TIME_SCALE"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1.0;
        return new ServerOptions
        {
            DataDirectory = CodeAssist.Telemetry.AppPaths.DataDirectory,
            Time = scale == 1.0 ? TimeProvider.System : new ScaledTimeProvider(scale),
            LogLevel = Enum.TryParse<LogEventLevel>(variable("CODEASSIST_LOG_LEVEL"), ignoreCase: true, out var level) ? level : LogEventLevel.Information,
            TestSeams = seams,
        };
    }
}
