using CodeAssist.Server.Replay;
using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Replay;

/// <summary>What the demo replays ships beside the binary: held-out corpus files, each project with its licence.</summary>
public sealed class DemoFilesTests
{
    private static IReadOnlyList<string> CsFiles() =>
        [.. Directory.EnumerateFiles(DemoCommand.DemoFiles, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(DemoCommand.DemoFiles, path).Replace('\\', '/'))];

    [Fact]
    public void Every_demo_file_is_held_out_of_the_trained_models_training()
    {
        Assert.InRange(CsFiles().Count, 3, 8);
        Assert.All(CsFiles(), file => Assert.True(CorpusSplit.IsHeldOut(file), $"{file} was a training file"));
    }

    [Fact]
    public void Every_project_folder_keeps_its_licence_and_the_copy_says_where_it_comes_from()
    {
        Assert.True(File.Exists(Path.Combine(DemoCommand.DemoFiles, "SOURCE.md")));
        foreach (var project in CsFiles().Select(f => f.Split('/')[0]).Distinct())
            Assert.Single(Directory.EnumerateFiles(Path.Combine(DemoCommand.DemoFiles, project), "LICENSE*", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }));
    }

    [Fact]
    public void The_demo_files_give_the_demo_its_full_number_of_sites() =>
        Assert.Equal(DemoCommand.DemoLimit, KeystrokeScript.Generate(DemoCommand.DemoFiles, DemoCommand.DemoLimit, seed: 1).Edits.Count());
}
