using System.Text.Json.Nodes;
using CodeAssist.Server.Completion;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lifecycle;
using CodeAssist.Server.Lsp.Dispatch;
using CodeAssist.Server.Tests.Hosting;
using CodeAssist.Tests.Shared;
using Mediator;

namespace CodeAssist.Server.Tests.Lsp;

/// <summary>Each message carries its LSP method and whether it mutates; the router binds exactly the marked ones.</summary>
public sealed class LspMethodTests
{
    [Fact]
    public void A_message_names_its_method_mutation_and_kind()
    {
        Assert.Equal(new LspMethod("textDocument/didChange", Mutates: true, IsNotification: true), LspMethod.Of(typeof(DidChangeNotification)));
        Assert.Equal(new LspMethod("textDocument/inlineCompletion", Mutates: false, IsNotification: false), LspMethod.Of(typeof(InlineCompletionRequest)));
        Assert.Equal(new LspMethod("shutdown", Mutates: true, IsNotification: false), LspMethodOf<ShutdownRequest>.Value);
        Assert.Equal(new LspMethod("String", Mutates: false, IsNotification: false), LspMethod.Of(typeof(string)));
    }

    [Fact]
    public void Every_message_with_a_handler_is_bound_to_a_method()
    {
        var handled = typeof(LspMethod).Assembly.GetTypes()
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) || i.GetGenericTypeDefinition() == typeof(IRequestHandler<>)))
            .Select(i => i.GetGenericArguments()[0])
            .Distinct()
            .ToList();

        Assert.NotEmpty(handled);
        Assert.Empty(handled.Where(message => LspMethod.Of(message).Name == message.Name).Select(message => message.Name));
        Assert.Equal(handled.Count, handled.Select(message => LspMethod.Of(message).Name).Distinct().Count());
    }

    [Fact]
    public async Task Test_only_methods_are_served_only_with_test_seams_on()
    {
        JsonObject Inject() => new() { ["text"] = "return 1;" };
        await using (var plain = InProcessServer.Start())
        {
            await plain.InitializeAsync();
            Assert.Equal(-32601, (int)(await plain.RequestAsync("codeassist/test/injectCompletion", Inject()))["error"]!["code"]!);
        }
        await using var seams = InProcessServer.Start(testSeams: true);
        await seams.InitializeAsync();
        Assert.Null((await seams.RequestAsync("codeassist/test/injectCompletion", Inject()))["error"]);
    }

    [Fact]
    public async Task A_request_gets_the_snapshot_after_the_mutations_sent_before_it()
    {
        await using var server = InProcessServer.Start();
        await server.InitializeAsync();
        const string uri = "file:///work/A.cs";
        await server.NotifyAsync("textDocument/didOpen", TextDocuments.Open(uri, "class A {}"));
        await server.NotifyAsync("textDocument/didChange", TextDocuments.Change(uri, 2, TextDocuments.FullText("class B {}")));
        var state = await server.RequestAsync("codeassist/documentState", TextDocuments.Identifier(uri));
        Assert.Equal(2, (int)state["result"]!["version"]!);
    }
}
