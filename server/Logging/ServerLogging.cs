using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace CodeAssist.Server.Logging;

/// <summary>The server log: a daily file in the data directory's logs folder and stderr. Never stdout, which carries the protocol.</summary>
public static class ServerLogging
{
    public static string LogFilePattern(string logDirectory) => Path.Combine(logDirectory, "codeassist-.log");

    public static void Configure(ILoggingBuilder builder, string logDirectory, LogEventLevel level, bool toStandardError)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.WithProperty("Pid", Environment.ProcessId)
            // Written by a background thread: writing the file and stderr in line cost milliseconds on every completion.
            // Disposing the logger (at exit) writes what is still queued.
            .WriteTo.Async(sinks =>
            {
                sinks.File(LogFilePattern(logDirectory), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7, shared: true,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] ({Pid}) {SourceContext}: {Message:lj}{NewLine}{Exception}");
                if (toStandardError)
                    sinks.Console(standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}{Exception}");
            })
            .CreateLogger();
        builder.ClearProviders();
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.AddSerilog(logger, dispose: true);
    }
}
