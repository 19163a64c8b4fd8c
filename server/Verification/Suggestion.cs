using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Verification;

/// <summary>A candidate edit: <see cref="Text"/> replaces <see cref="Replaced"/> in the document.</summary>
public sealed record Suggestion(TextSpan Replaced, string Text)
{
    public static Suggestion Insert(int offset, string text) => new(new TextSpan(offset, 0), text);

    public TextChange AsChange() => new(Replaced, Text);
}
