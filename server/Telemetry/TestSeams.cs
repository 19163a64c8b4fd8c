namespace CodeAssist.Server.Telemetry;

/// <summary>
/// Switches that only tests turn on (environment variables, never settings): CODEASSIST_TEST_SEAMS=1 enables the
/// raw-completion injection request, and CODEASSIST_TEST_TIME_SCALE shrinks the telemetry checkpoints (30 s, 2 min,
/// 10 min) so a test can watch them pass.
/// </summary>
public static class TestSeams
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("CODEASSIST_TEST_SEAMS") == "1";

    public static double TimeScale { get; } =
        Enabled && double.TryParse(Environment.GetEnvironmentVariable("CODEASSIST_TEST_TIME_SCALE"), System.Globalization.CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1.0;

    public static TimeSpan Scale(TimeSpan delay) => delay * TimeScale;
}
