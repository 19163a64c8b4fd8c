using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Verification;

public sealed class WorkspaceScanTests : IDisposable
{
    private readonly TempDirectory _folder = new("scan");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Source_files_are_found_outside_build_output_and_hidden_folders()
    {
        _folder.Write("src/A.cs", "class A {}");
        _folder.Write("src/bin/Gen.cs", "class Gen {}");
        _folder.Write("obj/G.cs", "class G {}");
        _folder.Write(".git/x.cs", "class X {}");
        _folder.Write("src/.editor.cs", "class E {}");
        _folder.Write("notes.txt", "not code");

        var scan = new WorkspaceScan();
        Assert.Equal([_folder.File("src/A.cs")], scan.Files(_folder.Path, "*.cs"));
        Assert.Null(scan.Stopped);
    }

    [Fact]
    public void The_scan_stops_at_its_entry_and_byte_limits_and_says_why()
    {
        for (var i = 0; i < 30; i++)
            _folder.Write($"d{i % 3}/F{i:D2}.cs", new string('x', 100));

        var byEntries = new WorkspaceScan(maxEntries: 10);
        Assert.True(byEntries.Files(_folder.Path, "*.cs").Count < 10);
        Assert.Contains("after 10 entries", byEntries.Stopped);

        var byBytes = new WorkspaceScan(maxBytes: 1_000);
        Assert.Equal(10, byBytes.Files(_folder.Path, "*.cs").Count);
        Assert.Contains("MB of *.cs files", byBytes.Stopped);
    }

    [Fact]
    public void A_symbolic_link_loop_is_not_followed()
    {
        _folder.Write("a/A.cs", "class A {}");
        Directory.CreateSymbolicLink(_folder.File("a/loop"), _folder.Path);
        Assert.Single(new WorkspaceScan().Files(_folder.Path, "*.cs"));
    }
}
