using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using CodeAssist.Server.Refactoring;
using Protocol = CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Tests.Refactoring;

/// <summary>The calls the LSP handlers make, from the request records to the workspace edit.</summary>
public sealed class RefactoringServiceTests : IDisposable
{
    private readonly RefactoringScenario _scenario = new();
    private readonly RefactorUndoTracker _undo = new(TimeProvider.System);
    private readonly TextDocument _document;

    public RefactoringServiceTests()
    {
        _document = new TextDocument(new Uri(_scenario.Path).AbsoluteUri, "csharp", 3, _scenario.Text);
    }

    public void Dispose() => _scenario.Dispose();

    private RefactoringService Service(ScriptedGenerator generator) =>
        new(_scenario.Workspace, new RefactoringCatalog(), _scenario.Engine(generator.GenerateAsync), _undo);

    private async Task<CodeAction[]> ActionsAtAsync(RefactoringService service, string marker, string[]? only = null)
    {
        var position = _document.Lines.ToPosition(_scenario.Offset(marker), PositionEncoding.Utf16);
        var request = new CodeActionParams(new TextDocumentIdentifier(_document.Uri), new Protocol.Range(position, position), new CodeActionContext([], only));
        return (await service.CodeActionsAsync(_document, request, PositionEncoding.Utf16, CancellationToken.None)).Actions;
    }

    [Fact]
    public async Task A_resolved_action_carries_a_versioned_edit_and_the_applied_command()
    {
        var service = Service(new ScriptedGenerator("```csharp\npublic int Twice(int x) => x + x;\n```"));
        var action = (await ActionsAtAsync(service, "x * 2")).Single(a => a.Title == RefactoringKind.Simplify.Title());

        var (resolved, result) = await service.ResolveAsync(_document, action, PositionEncoding.Utf16, null, CancellationToken.None);

        Assert.Equal("compiles", result.VerdictName);
        var edit = Assert.Single(resolved.Edit!.DocumentChanges!);
        Assert.Equal(3, edit.TextDocument.Version);
        var textEdit = Assert.Single(edit.Edits);
        Assert.Equal("+ x", textEdit.NewText);
        Assert.Equal(RefactorCommands.Applied, resolved.Command!.CommandName);
        var id = resolved.Command.Arguments![0].GetString()!;
        Assert.True(_undo.Applied(id));
        Assert.Equal([id], _undo.DocumentChanged(_document.Uri, _document.Text));
    }

    [Fact]
    public async Task A_stale_version_is_content_modified_and_a_failed_rewrite_is_a_failure_exception()
    {
        var service = Service(new ScriptedGenerator("```csharp\npublic int Twice(int x) => y;\n```"));
        var action = (await ActionsAtAsync(service, "x * 2")).Single(a => a.Title == RefactoringKind.Simplify.Title());

        var stale = await Assert.ThrowsAsync<LspException>(() =>
            service.ResolveAsync(_document.WithText(4, _document.Text), action, PositionEncoding.Utf16, null, CancellationToken.None));
        var failed = await Assert.ThrowsAsync<RefactorFailedException>(() =>
            service.ResolveAsync(_document, action, PositionEncoding.Utf16, null, CancellationToken.None));

        Assert.Equal(ErrorCodes.ContentModified, stale.Code);
        Assert.Equal(RefactorVerdict.IntroducesErrors, failed.Result.Verdict);
        Assert.Contains("CS0103", failed.Message);
    }

    [Fact]
    public async Task The_refactor_command_runs_the_instruction_given_as_its_second_argument()
    {
        var generator = new ScriptedGenerator("```csharp\npublic int Twice(int x) => x << 1;\n```");
        var service = Service(generator);
        var custom = (await ActionsAtAsync(service, "x * 2")).Single(a => a.Command?.CommandName == RefactorCommands.Refactor);

        var (edit, result) = await service.ExecuteAsync(
            _document, [custom.Command!.Arguments![0], JsonSerializer.SerializeToElement("Use a shift")], PositionEncoding.Utf16, null, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.StartsWith("Use a shift", generator.Prompts[0].Messages[1].Content);
        Assert.Equal("<< 1", Assert.Single(Assert.Single(edit.DocumentChanges!).Edits).NewText);
    }

    [Fact]
    public async Task Only_the_requested_kinds_are_offered()
    {
        var service = Service(new ScriptedGenerator(""));

        var quickFixes = await ActionsAtAsync(service, "x * 2", [CodeActionKind.QuickFix]);
        var refactorings = await ActionsAtAsync(service, "x * 2", [CodeActionKind.Refactor]);

        Assert.Empty(quickFixes);
        Assert.Contains(refactorings, a => a.Kind == CodeActionKind.RefactorRewrite);
        Assert.All(refactorings, a => Assert.StartsWith("refactor", a.Kind));
    }

    [Fact]
    public async Task Documents_that_are_not_CSharp_get_no_actions()
    {
        var text = new TextDocument("file:///notes.md", "markdown", 1, "# notes");
        var request = new CodeActionParams(new TextDocumentIdentifier(text.Uri), new Protocol.Range(new Position(0, 0), new Position(0, 0)), new CodeActionContext([]));

        var offered = await Service(new ScriptedGenerator("")).CodeActionsAsync(text, request, PositionEncoding.Utf16, CancellationToken.None);

        Assert.Empty(offered.Actions);
    }
}
