using System.IO.Pipelines;
using CodeAssist.Server.Commands;
using CodeAssist.Server.Completion;
using CodeAssist.Server.Completion.Context;
using CodeAssist.Server.Configuration;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Inference;
using CodeAssist.Server.Inference.LlamaServer;
using CodeAssist.Server.Lifecycle;
using CodeAssist.Server.Logging;
using CodeAssist.Server.Lsp.Behaviors;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Lsp.Transport;
using CodeAssist.Server.Models;
using CodeAssist.Server.Refactoring;
using CodeAssist.Server.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Verification;

namespace CodeAssist.Server.Hosting;

/// <summary>Composes the server and runs it over a pair of streams until exit or until the client goes away.</summary>
public static class LanguageServerHost
{
    /// <summary>
    /// Pool threads the server starts with. Reading stdin blocks one for good, and a completion's context, verification
    /// and telemetry run side by side; below this the pool adds a thread about every half second, which a request would wait for.
    /// </summary>
    private const int MinimumPoolThreads = 16;

    public static Task<int> RunAsync(ServerOptions options, Stream input, Stream output) => RunAsync(options, input, output, _ => { });

    /// <summary>Runs the server as above; <paramref name="composed"/> sees its services first (tests drive them directly).</summary>
    internal static async Task<int> RunAsync(ServerOptions options, Stream input, Stream output, Action<IServiceProvider> composed)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumPoolThreads), completionPorts);
        // The sanitizer writes the client's screened messages into this pipe; StreamJsonRpc reads them from it.
        var screened = new Pipe();
        await using var services = BuildServices(options, screened.Reader, output);
        var rpc = services.GetRequiredService<JsonRpc>();
        var handler = services.GetRequiredService<LspMessageHandler>();
        var logger = services.GetRequiredService<ILogger<JsonRpc>>();
        rpc.Disconnected += (_, e) => logger.LogInformation("Connection closed: {Reason} {Description}", e.Reason, e.Description);
        var requestMethods = services.GetRequiredService<LspRouter>().MapAll(options.TestSeams)
            .Where(m => !m.IsNotification).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        handler.IsRequestMethod = requestMethods.Contains;
        // Subscribers to settings and model changes must exist before the first settings arrive.
        services.GetRequiredService<ModelActivator>();
        services.GetRequiredService<StatusReporter>();
        services.GetRequiredService<TelemetryService>();
        var lifecycle = services.GetRequiredService<ServerLifecycle>();
        logger.LogInformation("codeassist {Version} serving LSP over stdio (pid {Pid}); log files {Pattern}",
            ServerVersion.Current, Environment.ProcessId, ServerLogging.LogFilePattern(options.LogDirectory));

        composed(services);
        rpc.StartListening();
        var sanitizer = new MessageSanitizer(input, screened.Writer, services.GetRequiredService<MalformedMessageReporter>());
        // When the client's stream ends the sanitizer completes the pipe, which ends the connection below.
        _ = Task.Run(() => sanitizer.RunAsync(CancellationToken.None));

        await Task.WhenAny(lifecycle.Exited, rpc.Completion);
        var exitCode = lifecycle.Exited.IsCompleted ? await lifecycle.Exited : lifecycle.State == LifecycleState.ShuttingDown ? 0 : 1;
        services.GetRequiredService<RequestQueue>().Complete();
        rpc.Dispose();
        logger.LogInformation("Exiting with code {Code}", exitCode);
        return exitCode;
    }

    private static ServiceProvider BuildServices(ServerOptions options, PipeReader screened, Stream output)
    {
        var services = new ServiceCollection();
        services.AddLogging(builder => ServerLogging.Configure(builder, options.LogDirectory, options.LogLevel, options.LogToStandardError));
        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddSingleton(sp => new LspMessageHandler(PipeWriter.Create(output), screened,
            new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options }, sp.GetRequiredService<ILogger<LspMessageHandler>>()));
        services.AddSingleton<JsonRpc>(sp => new LspJsonRpc(sp.GetRequiredService<LspMessageHandler>())
        {
            // Invocations start one at a time in arrival order, so the request queue sees the client's order.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        });
        services.AddSingleton<MalformedMessageReporter>();
        services.AddSingleton<ServerLifecycle>();
        services.AddSingleton<LspRouter>();
        services.AddSingleton<RequestQueue>();
        services.AddSingleton<LanguageClient>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<ServerCapabilitiesFactory>();
        services.AddSingleton<SuggestionService>();
        services.AddSingleton<SuggestionCache>(_ => new SuggestionCache());
        services.AddSingleton<SupersededRequests>();
        services.AddSingleton<RecentEdits>(_ => new RecentEdits());
        services.AddSingleton<SignatureCache>();
        services.AddSingleton<WorkspaceSync>();
        services.AddSingleton<TelemetryService>();
        services.AddSingleton<SuggestionTracker>();
        services.AddSingleton<AcceptedCodeMonitor>();
        services.AddSingleton<BuildCheck>();
        services.AddSingleton<IWorkspaceCommand, AcceptSuggestionCommand>();
        services.AddSingleton<IWorkspaceCommand, DismissSuggestionCommand>();
        services.AddSingleton<IWorkspaceCommand, ExportTelemetryCommand>();
        services.AddSingleton<IWorkspaceCommand, FormatReportCommand>();
        services.AddSingleton<Refactorings>();
        // The didOpen/didChange/didClose/didSave fan-out, in this order: Roslyn's view first, which the others read.
        services.AddSingleton<IDocumentListener>(sp => sp.GetRequiredService<WorkspaceSync>());
        services.AddSingleton<IDocumentListener>(sp => sp.GetRequiredService<AcceptedCodeMonitor>());
        services.AddSingleton<IDocumentListener>(sp => sp.GetRequiredService<Refactorings>());
        services.AddSingleton<ClosedDocumentMemory>();
        services.AddSingleton<IDocumentListener>(sp => sp.GetRequiredService<ClosedDocumentMemory>());
        services.AddSingleton<DocumentListeners>();
        services.AddSingleton<IWorkspaceCommand, RefactorCommand>();
        services.AddSingleton<IWorkspaceCommand, RefactorAppliedCommand>();
        services.AddSingleton(new ModelFingerprinter(Path.Combine(options.CacheDirectory, "model-sha256")));
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<InProcessModel>();
        services.AddSingleton<LlamaServerBackend>();
        services.AddSingleton<CompletionBackends>();
        services.AddSingleton(sp => new InjectedCompletionModel(sp.GetRequiredService<CompletionBackends>()));
        // The one choice of model: a test's double, the test seam's injected answers before the real backends, or those alone.
        services.AddSingleton<ICompletionModel>(sp => options.CompletionModel
            ?? (options.TestSeams ? sp.GetRequiredService<InjectedCompletionModel>() : sp.GetRequiredService<CompletionBackends>()));
        services.AddSingleton<SessionFormat>();
        services.AddSingleton<ModelActivator>();
        services.AddSingleton<StatusReporter>();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.PipelineBehaviors =
            [
                typeof(TimingBehavior<,>),
                typeof(ErrorBehavior<,>),
                typeof(LifecycleBehavior<,>),
                typeof(CancellationBehavior<,>),
            ];
        });
        return services.BuildServiceProvider();
    }
}
