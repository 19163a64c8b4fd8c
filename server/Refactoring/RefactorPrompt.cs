using CodeAssist.Server.Inference;

namespace CodeAssist.Server.Refactoring;

/// <summary>The conversation sent to the model for one attempt; a retry appends the failed answer and the errors it caused.</summary>
public sealed record RefactorPrompt(IReadOnlyList<ChatMessage> Messages, int Attempt = 1)
{
    /// <summary>All message contents, for logs and for tests that look for what the model was told.</summary>
    public string Text => string.Join("\n\n", Messages.Select(m => $"[{m.Role}]\n{m.Content}"));

    public RefactorPrompt WithFeedback(string answer, string targetDescription, IReadOnlyList<string> problems) =>
        new([
            .. Messages,
            ChatMessage.Assistant(answer),
            ChatMessage.User(
                "Your answer does not compile:\n" + string.Join("\n", problems.Select(p => "- " + p)) +
                $"\n\nFix these errors and answer again with the complete {targetDescription} in a single ```csharp block, and nothing else."),
        ], Attempt + 1);
}

/// <summary>
/// Runs the model on a prompt and returns its whole answer, streaming pieces to <c>onText</c>. Production asks the
/// <see cref="ICompletionModel"/>; tests answer with a double.
/// It must stop when the token is cancelled.
/// </summary>
public delegate Task<string> RefactorGenerator(RefactorPrompt prompt, Action<string> onText, CancellationToken cancellationToken);
