using System.Text.Json;
using System.Collections.Immutable;
using CodeAssist.Server.Documents;
using CodeAssist.Server.Lsp;
using CodeAssist.Server.Protocol;
using Protocol = CodeAssist.Server.Protocol;
using CodeAssist.Server.Refactoring;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Tests.Refactoring;

/// <summary>The protocol side of refactoring: offers as code actions, what they carry, LSP ranges and edits.</summary>
public sealed class RefactoringCodeActionTests : IDisposable
{
    private readonly RefactoringScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public void An_offer_becomes_a_code_action_whose_data_round_trips()
    {
        var offer = _scenario.Offer(new TextSpan(_scenario.Offset("foreach"), 0)).First(o => o.Kind == RefactoringKind.LoopToLinq);

        var action = RefactorRequests.ToCodeAction(offer, []);

        Assert.Equal(CodeActionKind.RefactorRewrite, action.Kind);
        Assert.Equal("Convert loop to LINQ (CodeAssist)", action.Title);
        Assert.Null(action.Edit);
        var json = JsonSerializer.Serialize(action, LspJson.Options);
        Assert.Contains("\"kind\":\"loop_to_linq\"", json);
        Assert.Equal(offer.Data, RefactorRequests.ReadData(action.Data!.Value));
    }

    [Fact]
    public void The_free_form_action_carries_the_refactor_command_with_its_data()
    {
        var offer = _scenario.Offer(new TextSpan(_scenario.Offset("foreach"), 0)).Single(o => o.Kind == RefactoringKind.Custom);

        var action = RefactorRequests.ToCodeAction(offer, []);

        Assert.Equal(RefactorCommands.Refactor, action.Command!.CommandName);
        Assert.Equal(offer.Data, RefactorRequests.ReadData(action.Command.Arguments![0]));
    }

    [Fact]
    public void Edits_become_a_versioned_workspace_edit_in_the_negotiated_encoding()
    {
        var text = "var s = \"é\"; var x = 1;\n";
        var change = new TextChange(new TextSpan(text.IndexOf('1'), 1), "2");

        var edit = RefactorRequests.ToWorkspaceEdit("file:///a.cs", 7, [change], new LineIndex(text), PositionEncoding.Utf8);

        var documentEdit = Assert.Single(edit.DocumentChanges!);
        Assert.Equal(new OptionalVersionedTextDocumentIdentifier("file:///a.cs", 7), documentEdit.TextDocument);
        var textEdit = Assert.Single(documentEdit.Edits);
        Assert.Equal(new Protocol.Range(new Position(0, 22), new Position(0, 23)), textEdit.Range);
        Assert.Equal("2", textEdit.NewText);
    }

    [Fact]
    public void Only_the_requested_kinds_are_offered()
    {
        var offers = _scenario.Offer(new TextSpan(_scenario.Offset("x * 2"), 0));

        var quickFixes = offers.Where(o => RefactorRequests.IsRequested(o, [CodeActionKind.QuickFix])).ToList();
        var refactorings = offers.Where(o => RefactorRequests.IsRequested(o, [CodeActionKind.Refactor])).Select(o => o.Kind.CodeActionKindOf()).ToList();

        Assert.Empty(quickFixes);
        Assert.Contains(CodeActionKind.RefactorRewrite, refactorings);
        Assert.All(refactorings, kind => Assert.StartsWith("refactor", kind));
        Assert.All(offers, o => Assert.True(RefactorRequests.IsRequested(o, null) && RefactorRequests.IsRequested(o, [""])));
    }

    [Fact]
    public void A_range_is_a_span_in_the_negotiated_encoding_and_one_outside_the_document_is_InvalidParams()
    {
        var document = new TextDocument("file:///a.cs", "csharp", 1, "var s = \"é\";\nvar x = 1;\n");
        var documents = new DocumentSnapshot(ImmutableDictionary<string, TextDocument>.Empty, PositionEncoding.Utf8, 1);
        Protocol.Range Between(int line, int start, int end) => new(new Position(line, start), new Position(line, end));

        Assert.Equal(TextSpan.FromBounds(8, 11), RefactorRequests.Span(documents, document, Between(0, 8, 12)));
        Assert.Equal(new TextSpan(21, 0), RefactorRequests.Span(documents, document, Between(1, 8, 2)));
        var outside = Assert.Throws<LspException>(() => RefactorRequests.Span(documents, document, Between(7, 0, 0)));
        Assert.Equal(ErrorCodes.InvalidParams, outside.Code);
    }
}
