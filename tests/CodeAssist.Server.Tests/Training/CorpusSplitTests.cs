using CodeAssist.Server.Training;

namespace CodeAssist.Server.Tests.Training;

public sealed class CorpusSplitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("codeassist-corpus-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void About_a_tenth_of_the_files_are_held_out_by_path_and_the_separator_does_not_matter()
    {
        var paths = Enumerable.Range(0, 2000).Select(i => $"Project{i % 7}/src/Folder{i % 13}/File{i}.cs").ToArray();

        var heldOut = paths.Count(CorpusSplit.IsHeldOut);

        Assert.InRange(heldOut, 150, 250);
        Assert.All(paths, p => Assert.Equal(CorpusSplit.IsHeldOut(p), CorpusSplit.IsHeldOut(p.Replace('/', '\\'))));
    }

    [Fact]
    public void Splits_the_cs_files_by_file_and_ignores_other_and_empty_files()
    {
        for (var i = 0; i < 60; i++)
            Write($"src/F{i}.cs", $"class C{i} {{ }}\n");
        Write("src/Empty.cs", "");
        Write("README.md", "not code");

        var split = CorpusSplit.Of(_root);

        Assert.Equal(60, split.Training.Count + split.HeldOut.Count);
        Assert.All(split.HeldOut, f => Assert.True(CorpusSplit.IsHeldOut(f)));
        Assert.All(split.Training, f => Assert.False(CorpusSplit.IsHeldOut(f)));
        Assert.DoesNotContain("src/Empty.cs", split.Training.Concat(split.HeldOut));
    }

    [Fact]
    public void An_empty_folder_is_a_clear_error()
    {
        var error = Assert.Throws<TrainingInputException>(() => CorpusSplit.Of(_root));

        Assert.Contains("has no non-empty .cs files", error.Message);
    }

    [Fact]
    public void A_folder_without_CSharp_is_a_clear_error()
    {
        Write("notes.txt", "text");
        Write("Program.fs", "printfn \"hi\"");

        var error = Assert.Throws<TrainingInputException>(() => CorpusSplit.Of(_root));

        Assert.Contains("has no non-empty .cs files", error.Message);
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error()
    {
        var error = Assert.Throws<TrainingInputException>(() => CorpusSplit.Of(Path.Combine(_root, "missing")));

        Assert.Contains("does not exist", error.Message);
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
