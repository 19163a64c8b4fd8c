namespace CodeAssist.Server.Completion.PostProcessing;

/// <summary>How a document indents: tabs or spaces, and how many columns one level takes.</summary>
public sealed record IndentationStyle(bool UseTabs, int Width)
{
    public static readonly IndentationStyle FourSpaces = new(false, 4);

    /// <summary>Guesses the style from the document: tabs if most indented lines start with one, else the most common step between lines.</summary>
    public static IndentationStyle Detect(string text)
    {
        var tabbed = 0;
        var spaced = 0;
        var steps = new Dictionary<int, int>();
        var previous = 0;
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (line[0] == '\t')
                tabbed++;
            else if (line[0] == ' ')
                spaced++;
            var spaces = line.Length - line.TrimStart(' ').Length;
            if (spaces > previous && line[0] != '\t')
                steps[spaces - previous] = steps.GetValueOrDefault(spaces - previous) + 1;
            previous = spaces;
        }
        if (tabbed > spaced)
            return new IndentationStyle(true, 4);
        var width = steps.Where(step => step.Key is >= 2 and <= 8).OrderByDescending(step => step.Value).ThenBy(step => step.Key).Select(step => step.Key).FirstOrDefault();
        return new IndentationStyle(false, width == 0 ? 4 : width);
    }

    /// <summary>The column a line's leading whitespace reaches, a tab counting one level.</summary>
    public int Columns(string line)
    {
        var columns = 0;
        foreach (var character in line)
        {
            if (character == ' ')
                columns++;
            else if (character == '\t')
                columns += Width;
            else
                break;
        }
        return columns;
    }

    public string Render(int columns) =>
        UseTabs ? new string('\t', columns / Width) + new string(' ', columns % Width) : new string(' ', columns);
}
