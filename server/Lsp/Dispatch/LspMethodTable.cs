namespace CodeAssist.Server.Lsp.Dispatch;

/// <summary>Which LSP method each Mediator message type stands for; filled once by <see cref="LspRouter"/>.</summary>
public sealed class LspMethodTable
{
    private readonly Dictionary<Type, LspMethod> _methods = [];

    public void Add(Type messageType, LspMethod method) => _methods[messageType] = method;

    public LspMethod Of(Type messageType) =>
        _methods.TryGetValue(messageType, out var method) ? method : new LspMethod(messageType.Name, Mutates: false, IsNotification: false);

    public IEnumerable<LspMethod> All => _methods.Values;
}
