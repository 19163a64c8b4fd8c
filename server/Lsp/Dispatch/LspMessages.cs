using Mediator;

namespace CodeAssist.Server.Lsp.Dispatch;

/// <summary>An LSP notification: no answer goes back, so failures are logged, never returned.</summary>
public interface ILspNotification : IRequest;

/// <summary>Params of methods that take none (shutdown, exit).</summary>
public sealed record NoParams;
