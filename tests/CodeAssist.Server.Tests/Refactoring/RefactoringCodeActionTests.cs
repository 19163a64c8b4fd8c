using System.Text.Json;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using Protocol = CodeAssist.Server.Protocol;
using CodeAssist.Server.Refactoring;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Tests.Refactoring;

public sealed class RefactoringCodeActionTests : IDisposable
{
    private readonly RefactoringScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public void An_offer_becomes_a_code_action_whose_data_round_trips()
    {
        var offer = _scenario.Offer(new TextSpan(_scenario.Offset("foreach"), 0)).First(o => o.Kind == RefactoringKind.LoopToLinq);

        var action = RefactoringService.ToCodeAction(offer, []);

        Assert.Equal(CodeActionKind.RefactorRewrite, action.Kind);
        Assert.Equal("Convert loop to LINQ (CodeAssist)", action.Title);
        Assert.Null(action.Edit);
        var json = JsonSerializer.Serialize(action, LspJson.Options);
        Assert.Contains("\"kind\":\"loop_to_linq\"", json);
        Assert.Equal(offer.Data, RefactoringService.ReadData(action.Data!.Value));
    }

    [Fact]
    public void The_free_form_action_carries_the_refactor_command_with_its_data()
    {
        var offer = _scenario.Offer(new TextSpan(_scenario.Offset("foreach"), 0)).Single(o => o.Kind == RefactoringKind.Custom);

        var action = RefactoringService.ToCodeAction(offer, []);

        Assert.Equal(RefactorCommands.Refactor, action.Command!.CommandName);
        Assert.Equal(offer.Data, RefactoringService.ReadData(action.Command.Arguments![0]));
    }

    [Fact]
    public void Edits_become_a_versioned_workspace_edit_in_the_negotiated_encoding()
    {
        var text = "var s = \"é\"; var x = 1;\n";
        var change = new TextChange(new TextSpan(text.IndexOf('1'), 1), "2");

        var edit = RefactoringService.ToWorkspaceEdit("file:///a.cs", 7, [change], new LineIndex(text), PositionEncoding.Utf8);

        var documentEdit = Assert.Single(edit.DocumentChanges!);
        Assert.Equal(new OptionalVersionedTextDocumentIdentifier("file:///a.cs", 7), documentEdit.TextDocument);
        var textEdit = Assert.Single(documentEdit.Edits);
        Assert.Equal(new Protocol.Range(new Position(0, 22), new Position(0, 23)), textEdit.Range);
        Assert.Equal("2", textEdit.NewText);
    }
}
