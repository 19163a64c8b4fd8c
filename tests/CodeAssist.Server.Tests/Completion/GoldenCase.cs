using CodeAssist.Server.Completion.PostProcessing;

namespace CodeAssist.Server.Tests.Completion;

/// <summary>
/// One post-processing case: a header (<c>filter: NAME</c>, optional <c>indent: tabs|spaces WIDTH</c>), then sections
/// <c>--- code</c> (the document, <c>$$</c> at the cursor), <c>--- raw</c> and <c>--- expected</c> (<c>&lt;null&gt;</c> for none).
/// </summary>
internal sealed record GoldenCase(string Filter, CompletionContext Context, string Raw, string? Expected)
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Completion", "Golden");

    private const string Cursor = "$$";

    public static GoldenCase Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, name)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var parts = text.Split("--- ");
        var header = parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim());
        var sections = parts.Skip(1).ToDictionary(
            section => section[..section.IndexOf('\n')],
            section => section[(section.IndexOf('\n') + 1)..^1]);
        var code = sections["code"];
        var cursor = code.IndexOf(Cursor, StringComparison.Ordinal);
        var (prefix, suffix) = (code[..cursor], code[(cursor + Cursor.Length)..]);
        var context = header.TryGetValue("indent", out var indent)
            ? new CompletionContext(prefix, suffix, ParseIndent(indent))
            : CompletionContext.Around(prefix, suffix);
        var expected = sections["expected"];
        return new GoldenCase(header["filter"], context, sections["raw"], expected == "<null>" ? null : expected);
    }

    private static IndentationStyle ParseIndent(string indent)
    {
        var words = indent.Split(' ');
        return new IndentationStyle(words[0] == "tabs", int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
