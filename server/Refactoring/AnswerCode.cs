using System.Text.RegularExpressions;

namespace CodeAssist.Server.Refactoring;

/// <summary>The code in a model's answer: the first fenced block (a cut-off one counts), else the answer itself.</summary>
public static partial class AnswerCode
{
    public static string Extract(string answer)
    {
        answer = Thinking().Replace(answer, "");
        var unclosedThought = answer.IndexOf("<think>", StringComparison.Ordinal);
        if (unclosedThought >= 0)
            answer = answer[..unclosedThought];
        var fence = OpeningFence().Match(answer);
        if (!fence.Success)
            return answer.Trim();
        var body = answer[(fence.Index + fence.Length)..];
        var closing = ClosingFence().Match(body);
        return (closing.Success ? body[..closing.Index] : body).Trim('\r', '\n').TrimEnd();
    }

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline)]
    private static partial Regex Thinking();

    [GeneratedRegex(@"^[ \t]*```[\w#+.-]*[ \t]*\r?\n", RegexOptions.Multiline)]
    private static partial Regex OpeningFence();

    [GeneratedRegex(@"^[ \t]*```", RegexOptions.Multiline)]
    private static partial Regex ClosingFence();
}
