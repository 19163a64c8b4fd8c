using CodeAssist.Benchmarks.Soak;

namespace CodeAssist.Server.Tests.Benchmarks;

public sealed class SoakMeasuresTests
{
    private static ProcessSample Resident(long mebibytes) => new(mebibytes << 20, Threads: 10, Handles: 20);

    [Fact]
    public void A_process_is_sampled_from_proc_and_a_gone_one_gives_nothing()
    {
        var sample = ProcessSample.Of(Environment.ProcessId);

        Assert.NotNull(sample);
        Assert.True(sample.ResidentBytes > 1 << 20, $"{sample.ResidentBytes} bytes");
        Assert.True(sample.Threads >= 1);
        Assert.True(sample.Handles >= 3, $"{sample.Handles} handles"); // stdin, stdout, stderr at least
        Assert.Null(ProcessSample.Of(int.MaxValue));
    }

    [Fact]
    public void The_peak_is_each_measures_own_maximum()
    {
        var peak = new ProcessSample(100, Threads: 5, Handles: 50).Max(new ProcessSample(200, Threads: 4, Handles: 60));

        Assert.Equal(new ProcessSample(200, 5, 60), peak);
    }

    [Theory]
    [InlineData(120, true)]
    [InlineData(90, true)]
    [InlineData(121, false)]
    public void Memory_came_back_when_the_end_is_within_a_fifth_of_the_start(long endMiB, bool cameBack)
    {
        var result = new SoakResult(Resident(100), Resident(400), Resident(endMiB), 0, 0, 0, 0, 0, TimeSpan.Zero, CrashExitCode: null);

        Assert.Equal(cameBack, result.MemoryCameBack);
    }

    [Fact]
    public void A_crashed_server_has_no_end_and_its_memory_did_not_come_back()
    {
        var result = new SoakResult(Resident(100), Resident(400), End: null, 0, 0, 0, 0, 0, TimeSpan.Zero, CrashExitCode: -11);

        Assert.Null(result.EndGrowth);
        Assert.False(result.MemoryCameBack);
    }
}
