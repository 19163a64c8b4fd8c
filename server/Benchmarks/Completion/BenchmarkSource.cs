using System.Text;

namespace CodeAssist.Benchmarks.Completion;

/// <summary>A generated C# file of plausible service classes, with the offsets of blank lines inside method bodies.</summary>
internal sealed record BenchmarkSource(string Text, IReadOnlyList<int> InsertionPoints)
{
    private const string Indent = "        ";

    public static BenchmarkSource Generate(int lines)
    {
        var text = new StringBuilder("namespace Bench;\n\n");
        var insertionPoints = new List<int>();
        for (var type = 0; CountLines(text) < lines; type++)
        {
            text.Append($"public sealed class Service{type}\n{{\n    private readonly List<int> _values = new();\n\n");
            for (var method = 0; method < 8 && CountLines(text) < lines - 12; method++)
            {
                text.Append($"    public int Compute{method}(int input)\n    {{\n{Indent}var total = input;\n");
                text.Append($"{Indent}for (var k = 0; k < {method + 2}; k++)\n{Indent}{{\n{Indent}    total += k * _values.Count;\n{Indent}}}\n");
                text.Append(Indent);
                insertionPoints.Add(text.Length);
                text.Append($"\n{Indent}return total;\n    }}\n\n");
            }
            text.Append("}\n\n");
        }
        return new BenchmarkSource(text.ToString(), insertionPoints);
    }

    private static int CountLines(StringBuilder text)
    {
        var count = 0;
        foreach (var chunk in text.GetChunks())
            count += chunk.Span.Count('\n');
        return count;
    }
}
