using CodeAssist.Server.Replay;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Replay;

public sealed class KeystrokeScriptTests : IDisposable
{
    private const string Source = """
        namespace Shop;

        public sealed class Basket
        {
            private readonly List<int> _prices = new();

            public void Add(int price)
            {
                _prices.Add(price);
                Total += price;
                Count++;
            }

            public int Total { get; private set; }

            public int Count { get; private set; }
        }

        """;

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_same_folder_seed_and_limit_give_the_same_script_and_another_seed_another()
    {
        _folder.Write("Basket.cs", Source);
        _folder.Write("Other/Basket2.cs", Source.Replace("Basket", "Basket2"));

        var first = KeystrokeScript.Generate(_folder.Path, 6, seed: 3);
        var again = KeystrokeScript.Generate(_folder.Path, 6, seed: 3);
        var other = KeystrokeScript.Generate(_folder.Path, 6, seed: 4);

        Assert.Equal(first.Edits, again.Edits);
        Assert.NotEqual(first.Edits.Select(e => e.Id), other.Edits.Select(e => e.Id));
        Assert.Equal(6, first.Edits.Count());
    }

    [Fact]
    public void Each_site_removes_the_rest_of_its_line_or_more_lines_of_its_block_from_a_word_start()
    {
        _folder.Write("Basket.cs", Source);

        var script = KeystrokeScript.Generate(_folder.Path, 100, seed: 1);

        var file = Assert.Single(script.Files);
        var lines = file.Text.Split('\n');
        Assert.True(file.Edits.Count > 5, $"{file.Edits.Count} sites");
        Assert.Contains(file.Edits, e => e.Removed.Contains('\n'));
        Assert.Equal(file.Edits.OrderBy(e => e.Start), file.Edits);
        foreach (var edit in file.Edits)
        {
            var line = lines[edit.Line];
            Assert.Equal(file.Text.Substring(edit.Start, edit.Removed.Length), edit.Removed);
            Assert.StartsWith(line[edit.Column..], edit.Removed, StringComparison.Ordinal);
            Assert.True(edit.Removed.Length >= line.Length - edit.Column);
            Assert.True(edit.Column == line.Length - line.TrimStart().Length || !char.IsLetterOrDigit(line[edit.Column - 1]), edit.Id);
            var end = edit.Start + edit.Removed.Length;
            Assert.True(end == file.Text.Length || file.Text[end] == '\n', $"{edit.Id} ends mid-line");
            Assert.DoesNotContain(edit.Removed.Split('\n').Skip(1), l => l.TrimStart().StartsWith('}') || l.Trim().Length == 0);
        }
        Assert.All(file.Edits.Zip(file.Edits.Skip(1)), pair => Assert.True(pair.First.Start + pair.First.Removed.Length < pair.Second.Start));
    }

    [Fact]
    public void Comments_blank_lines_and_lone_braces_are_never_sites()
    {
        _folder.Write("Only.cs", "// a comment line\n\n{\n}\n    int total = 0;\n");

        var script = KeystrokeScript.Generate(_folder.Path, 10, seed: 1);

        Assert.All(script.Edits, e => Assert.Equal(4, e.Line));
    }

    [Fact]
    public void Files_in_bin_obj_and_hidden_folders_are_skipped_and_a_folder_without_cs_is_a_clear_error()
    {
        _folder.Write("bin/Generated.cs", Source);
        _folder.Write(".git/Hidden.cs", Source);
        _folder.Write("README.md", "# not C#");

        var error = Assert.Throws<ReplayInputException>(() => KeystrokeScript.Generate(_folder.Path, 10, seed: 1));
        Assert.Equal($"replay: folder {_folder.Path} has no .cs files to replay", error.Message);
        Assert.Throws<ReplayInputException>(() => KeystrokeScript.Generate(Path.Combine(_folder.Path, "missing"), 10, seed: 1));
        Assert.Throws<ReplayInputException>(() => KeystrokeScript.Generate(_folder.Path, 0, seed: 1));
    }

    [Theory]
    [InlineData("abc", 1, 1)]
    [InlineData("a;\n        b();", 2, 9)]
    [InlineData("a;\n", 2, 1)]
    [InlineData("a;\n\tb", 2, 2)]
    public void A_keystroke_is_one_character_and_a_line_break_brings_its_indentation(string text, int at, int length) =>
        Assert.Equal(length, KeystrokeScript.KeystrokeLength(text, at));
}
