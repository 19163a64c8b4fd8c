using CodeAssist.Server.Logging;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

public sealed class LlamaFinetuneTests
{
    /// <summary>Lines as llama-finetune (llama.cpp v0.4.0) writes them, progress bar and all.</summary>
    private static readonly string[] Log =
    [
        "0.00.131.165 I main: forcing load_mode = none to enable writable pointers to the weights",
        "train: [█▏      ] data=0000100/0010664 loss=6.12345±0.10000 acc=12.50±0.40% t=00:00:31 ETA=00:54:10 ",
        "train: [███████▉] data=0010664/0010664 loss=3.87528±0.00902 acc=30.89±0.02% t=00:50:47 ETA=00:00:00 ",
        "val:   [███████▉] data=0001069/0001069 loss=4.15176±0.03278 acc=29.19±0.06% t=00:01:30 ETA=00:00:00 ",
        "train: [▏       ] data=0000001/0010664 loss=3.90000±0.10000 acc=30.00±1.00% t=00:00:01 ETA=00:50:00 ",
    ];

    [Fact]
    public void A_finished_runs_log_replays_its_progress_with_the_time_of_each_phase()
    {
        var seen = new List<FinetuneProgress>();

        LlamaFinetune.Replay(Log, new SynchronousProgress<FinetuneProgress>(seen.Add));

        Assert.Equal(4, seen.Count);
        Assert.Equal((false, 0, 10664, 10664, new TimeSpan(0, 50, 47)), (seen[1].Validation, seen[1].Epoch, seen[1].Window, seen[1].Windows, seen[1].Elapsed));
        Assert.Equal((3.87528, 0.3089), (seen[1].MeanLoss, Math.Round(seen[1].MeanAccuracy, 6)));
        Assert.Equal((true, 0, 1069, new TimeSpan(0, 1, 30)), (seen[2].Validation, seen[2].Epoch, seen[2].Window, seen[2].Elapsed));
        Assert.Equal((1, 1), (seen[3].Epoch, seen[3].Window)); // a lower window number starts the next epoch
    }
}
