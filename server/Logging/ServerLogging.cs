using CodeAssist.Telemetry;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace CodeAssist.Server.Logging;

/// <summary>
/// The server log: a daily file in the data directory and stderr. Never stdout, which carries the protocol.
/// CODEASSIST_LOG_LEVEL (Verbose, Debug, Information, Warning, Error) sets the level; Information by default.
/// </summary>
public static class ServerLogging
{
    public static string LogFilePattern => Path.Combine(AppPaths.LogDirectory, "codeassist-.log");

    public static void Configure(ILoggingBuilder builder)
    {
        var level = Enum.TryParse<LogEventLevel>(Environment.GetEnvironmentVariable("CODEASSIST_LOG_LEVEL"), ignoreCase: true, out var parsed)
            ? parsed
            : LogEventLevel.Information;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.WithProperty("Pid", Environment.ProcessId)
            // Written by a background thread: writing the file and stderr in line cost milliseconds on every completion.
            // Disposing the logger (at exit) writes what is still queued.
            .WriteTo.Async(sinks =>
            {
                sinks.File(LogFilePattern, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7, shared: true,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] ({Pid}) {SourceContext}: {Message:lj}{NewLine}{Exception}");
                sinks.Console(standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}{Exception}");
            })
            .CreateLogger();
        builder.ClearProviders();
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.AddSerilog(logger, dispose: true);
    }
}
