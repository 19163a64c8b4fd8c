using System.Text;
using CodeAssist.EndToEnd.Tests.Harness;
using CodeAssist.Tests.Shared;
using Xunit.Abstractions;

namespace CodeAssist.EndToEnd.Tests;

/// <summary>Issue 12: memory held for open documents (text, line index, Roslyn state) goes back when they are closed.</summary>
public sealed class DocumentMemoryTests(ITestOutputHelper output)
{
    private static long ResidentMiB(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;

    private static string FiveMegabytesOfCode(int file)
    {
        var text = new StringBuilder($"public static class Big{file}\n{{\n");
        for (var i = 0; text.Length < 5 << 20; i++)
            text.Append($"    public static int Value{i}(int x) => x * {i} + {i % 13}; // \"literal {i}\"\n");
        return text.Append("}\n").ToString();
    }

    [Fact]
    public async Task Closing_large_documents_returns_a_good_part_of_their_memory()
    {
        await using var client = new LspTestClient();
        await client.InitializeAsync();
        var pid = client.Process.Id;
        await client.RequestAsync("codeassist/documentState", TextDocuments.Identifier("file:///none.cs")); // warmed up
        var start = ResidentMiB(pid);

        var uris = Enumerable.Range(0, 4).Select(i => $"file:///work/Big{i}.cs").ToList();
        for (var i = 0; i < uris.Count; i++)
        {
            await client.NotifyAsync("textDocument/didOpen", TextDocuments.Open(uris[i], FiveMegabytesOfCode(i)));
            await client.RequestAsync("codeassist/documentState", TextDocuments.Identifier(uris[i]));
        }
        var peak = ResidentMiB(pid);
        foreach (var uri in uris)
            await client.NotifyAsync("textDocument/didClose", TextDocuments.Identifier(uri));
        await Task.Delay(TimeSpan.FromSeconds(4)); // the collection runs 2 s after the last close
        var end = ResidentMiB(pid);

        output.WriteLine($"RSS start {start} MiB, peak {peak} MiB with 4 × 5 MB open, end {end} MiB after closing");
        // Measured here: 78 → 271 → 189 MiB; without the collection after closing nothing came back (78 → 268 → 268).
        // The issue's goal (back within 20% of the start) is not met yet; this guards what is.
        Assert.True(end - start <= (peak - start) * 3 / 4, $"start {start}, peak {peak}, end {end} MiB");
    }
}
