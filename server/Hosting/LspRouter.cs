using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Protocol;
using Mediator;
using StreamJsonRpc;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Lsp.Dispatch;

namespace CodeAssist.Server.Hosting;

/// <summary>
/// Binds each LSP method to the Mediator message its one handler takes: every message type marked with
/// <see cref="LspMethodAttribute"/>, built from the params (and, for requests, the document snapshot the queue hands
/// out). Every call goes through the <see cref="RequestQueue"/>, then Mediator's pipeline behaviors, then the handler.
/// </summary>
public sealed class LspRouter(JsonRpc rpc, RequestQueue queue, IMediator mediator)
{
    /// <summary>Binds every marked message of the server's assembly; test-only methods when <paramref name="testSeams"/> is on.</summary>
    public IReadOnlyList<LspMethod> MapAll(bool testSeams)
    {
        var bound = new List<LspMethod>();
        foreach (var type in typeof(LspRouter).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<LspMethodAttribute>() is not { } attribute || attribute.TestOnly && !testSeams)
                continue;
            var result = typeof(ILspNotification).IsAssignableFrom(type)
                ? typeof(Unit)
                : type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0];
            var constructor = type.GetConstructors().Single();
            var parameters = constructor.GetParameters();
            var paramsType = parameters.Length == 0 ? typeof(NoParams) : parameters[0].ParameterType;
            typeof(LspRouter).GetMethod(nameof(Add), BindingFlags.NonPublic | BindingFlags.Instance)!
                .MakeGenericMethod(paramsType, result)
                .Invoke(this, [LspMethod.Of(type), constructor]);
            bound.Add(LspMethod.Of(type));
        }
        return bound;
    }

    private void Add<TParams, TResult>(LspMethod method, ConstructorInfo constructor)
        where TParams : class
    {
        var endpoint = new Endpoint<TParams, TResult>(method, Factory<TParams, TResult>(constructor), queue, mediator);
        var invoke = typeof(Endpoint<TParams, TResult>).GetMethod(nameof(Endpoint<TParams, TResult>.InvokeAsync), BindingFlags.Public | BindingFlags.Instance)!;
        rpc.AddLocalRpcMethod(invoke, endpoint, new JsonRpcMethodAttribute(method.Name) { UseSingleObjectParameterDeserialization = true });
    }

    /// <summary>new TMessage(params[, snapshot]), compiled once: the constructor takes the params, the snapshot, both or neither.</summary>
    private static Func<TParams, DocumentSnapshot, IRequest<TResult>> Factory<TParams, TResult>(ConstructorInfo constructor)
    {
        var @params = Expression.Parameter(typeof(TParams), "params");
        var snapshot = Expression.Parameter(typeof(DocumentSnapshot), "snapshot");
        var arguments = constructor.GetParameters().Select(p => p.ParameterType == typeof(DocumentSnapshot) ? (Expression)snapshot : @params);
        var create = Expression.Convert(Expression.New(constructor, arguments), typeof(IRequest<TResult>));
        return Expression.Lambda<Func<TParams, DocumentSnapshot, IRequest<TResult>>>(create, @params, snapshot).Compile();
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
            catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
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
