using System.Text.RegularExpressions;
using CodeAssist.Server.Tests.Benchmarks;
using Xunit.Abstractions;

namespace CodeAssist.Server.Tests.Architecture;

/// <summary>ARCHITECTURE.md's layer rule: the server's top-level folders, joined by their `using CodeAssist.Server.X`, form no cycle.</summary>
public sealed partial class FolderLayerTests(ITestOutputHelper output)
{
    private static readonly string ServerRoot = Path.Combine(Mbpp.RepositoryRoot, "server");

    [Fact]
    public void The_server_folders_form_no_cycle()
    {
        var edges = FolderEdges(ServerRoot);
        foreach (var (folder, targets) in edges.OrderBy(e => e.Key))
            output.WriteLine($"{folder} -> {string.Join(", ", targets.Order())}");

        Assert.Empty(Cycles(edges).Select(c => string.Join(" -> ", c)));
    }

    [Fact]
    public void A_cycle_is_found_when_there_is_one()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["Documents"] = ["Protocol", "Completion"],
            ["Completion"] = ["Inference", "Documents"],
            ["Inference"] = ["Models"],
        };
        Assert.Equal(["Completion", "Documents"], Assert.Single(Cycles(edges)));
        edges["Completion"].Remove("Documents");
        Assert.Empty(Cycles(edges));
    }

    private static Dictionary<string, HashSet<string>> FolderEdges(string root)
    {
        var edges = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
            // Benchmarks/ is a project of its own (codeassist-bench) above the whole server: its project reference, one way,
            // keeps the direction, and its folders are not the server's.
            if (parts.Length < 2 || parts[0] is "bin" or "obj" or "Benchmarks")
                continue;
            foreach (Match use in ServerUsing().Matches(File.ReadAllText(file)))
                if (use.Groups[1].Value != parts[0])
                    (edges.TryGetValue(parts[0], out var set) ? set : edges[parts[0]] = []).Add(use.Groups[1].Value);
        }
        return edges;
    }

    /// <summary>The strongly connected components of more than one folder (Tarjan), each sorted.</summary>
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var found = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var target in edges.GetValueOrDefault(node, []))
            {
                if (!index.TryGetValue(target, out var targetIndex))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (stack.Contains(target))
                    low[node] = Math.Min(low[node], targetIndex);
            }
            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                component.Add(member);
            } while (member != node);
            if (component.Count > 1)
                found.Add([.. component.Order(StringComparer.Ordinal)]);
        }

        foreach (var node in edges.Keys.Concat(edges.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node))
                Visit(node);
        return found;
    }

    [GeneratedRegex(@"^using (?:static )?CodeAssist\.Server\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex ServerUsing();
}
