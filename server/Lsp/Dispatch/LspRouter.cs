using System.Reflection;
using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;
using Mediator;
using StreamJsonRpc;

namespace CodeAssist.Server.Lsp.Dispatch;

public sealed record LspMethod(string Name, bool Mutates, bool IsNotification);

/// <summary>
/// Binds each LSP method name to the Mediator message its one handler takes. Every call goes through the
/// <see cref="RequestQueue"/>, then Mediator's pipeline behaviors, then the handler.
/// </summary>
public sealed class LspRouter(JsonRpc rpc, RequestQueue queue, IMediator mediator, LspMethodTable methods)
{
    public void Request<TParams, TMessage, TResult>(string method, Func<TParams, DocumentSnapshot, TMessage> create, bool mutates = false)
        where TParams : class
        where TMessage : IRequest<TResult> =>
        Add<TParams, TMessage, TResult>(new LspMethod(method, mutates, IsNotification: false), create);

    public void Notification<TParams, TMessage>(string method, Func<TParams, TMessage> create, bool mutates = true)
        where TParams : class
        where TMessage : ILspNotification =>
        Add<TParams, TMessage, Unit>(new LspMethod(method, mutates, IsNotification: true), (p, _) => create(p));

    private void Add<TParams, TMessage, TResult>(LspMethod method, Func<TParams, DocumentSnapshot, TMessage> create)
        where TParams : class
        where TMessage : IRequest<TResult>
    {
        var endpoint = new Endpoint<TParams, TResult>(method, (p, s) => create(p, s), queue, mediator);
        var invoke = typeof(Endpoint<TParams, TResult>).GetMethod(nameof(Endpoint<TParams, TResult>.InvokeAsync), BindingFlags.Public | BindingFlags.Instance)!;
        rpc.AddLocalRpcMethod(invoke, endpoint, new JsonRpcMethodAttribute(method.Name) { UseSingleObjectParameterDeserialization = true });
        methods.Add(typeof(TMessage), method);
    }

    private sealed class Endpoint<TParams, TResult>(
        LspMethod method,
        Func<TParams, DocumentSnapshot, IRequest<TResult>> create,
        RequestQueue queue,
        IMediator mediator)
        where TParams : class
    {
        // StreamJsonRpc calls this in arrival order (the server runs it on a non-concurrent synchronization context),
        // so enqueueing here keeps the client's order. Params arrive raw so that a bad shape is our InvalidParams
        // answer rather than StreamJsonRpc's generic error.
        public Task<TResult> InvokeAsync(JsonElement? @params = null, CancellationToken cancellationToken = default)
        {
            TParams typed;
            try
            {
                typed = Deserialize(@params);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
            {
                return Task.FromException<TResult>(new LocalRpcException($"Invalid params for {method.Name}: {e.Message}") { ErrorCode = ErrorCodes.InvalidParams });
            }
            return queue.Enqueue(method.Mutates, snapshot => mediator.Send(create(typed, snapshot), cancellationToken).AsTask());
        }

        private TParams Deserialize(JsonElement? raw)
        {
            if (typeof(TParams) == typeof(NoParams))
                return (TParams)(object)new NoParams();
            if (raw is not { ValueKind: JsonValueKind.Object } element)
                throw new JsonException($"{method.Name} needs an object as params.");
            return element.Deserialize<TParams>(LspJson.Options) ?? throw new JsonException($"{method.Name} needs params.");
        }
    }
}
