namespace CodeAssist.Server.Refactoring;

internal static class Indentation
{
    /// <summary>Removes the indentation every non-blank line shares; line breaks are kept as they are.</summary>
    public static string Remove(string code)
    {
        var lines = code.Split('\n');
        var common = lines.Where(line => line.Trim().Length > 0).Select(line => line.Length - line.TrimStart(' ', '\t').Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(line => line.Trim().Length == 0 ? line.TrimStart(' ', '\t') : line[common..])).Trim('\r', '\n');
    }
}
