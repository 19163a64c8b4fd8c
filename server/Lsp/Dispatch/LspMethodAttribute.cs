using System.Reflection;

namespace CodeAssist.Server.Lsp.Dispatch;

/// <summary>
/// Marks a Mediator message as what one LSP method's params become (Roslyn CLaSP's [Method] and MutatesSolutionState):
/// the router binds the method to the message's type, and the pipeline names it in logs and errors.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LspMethodAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>Changes documents or server state: the queue runs it alone, in arrival order, before what follows.</summary>
    public bool Mutates { get; init; }

    /// <summary>Served only when the server runs with test seams on.</summary>
    public bool TestOnly { get; init; }
}

public sealed record LspMethod(string Name, bool Mutates, bool IsNotification)
{
    /// <summary>The method of a message type, read from its <see cref="LspMethodAttribute"/>.</summary>
    public static LspMethod Of(Type messageType) =>
        messageType.GetCustomAttribute<LspMethodAttribute>() is { } method
            ? new LspMethod(method.Name, method.Mutates, typeof(ILspNotification).IsAssignableFrom(messageType))
            : new LspMethod(messageType.Name, Mutates: false, IsNotification: false);
}

/// <summary>The method of <typeparamref name="TMessage"/>, read once per type for the pipeline behaviors.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "A static per closed generic type is the cache.")]
public static class LspMethodOf<TMessage>
{
    public static LspMethod Value { get; } = LspMethod.Of(typeof(TMessage));
}
