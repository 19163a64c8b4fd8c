using CodeAssist.Server.Documents;
using CodeAssist.Server.Refactoring;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Tests.Refactoring;

/// <summary>The calls the LSP handlers make, with documents and offsets: offers, and a run to its edits or its failure.</summary>
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

    private async Task<RefactorData> OfferedAsync(RefactoringService service, string marker, RefactoringKind kind) =>
        (await service.OfferAsync(_document, new TextSpan(_scenario.Offset(marker), 0), [], CancellationToken.None)).First(o => o.Kind == kind).Data;

    [Fact]
    public async Task A_run_gives_the_minimal_edits_and_is_remembered_for_undo_detection()
    {
        var service = Service(new ScriptedGenerator("```csharp\npublic int Twice(int x) => x + x;\n```"));
        var data = await OfferedAsync(service, "x * 2", RefactoringKind.Simplify);

        var result = await service.RunAsync(_document, data, null, CancellationToken.None);

        Assert.Equal("compiles", result.VerdictName);
        Assert.Equal("+ x", Assert.Single(result.Edits).NewText);
        Assert.True(_undo.Applied(data.Id));
        Assert.Equal([data.Id], _undo.DocumentChanged(_document.Uri, _document.Text));
    }

    [Fact]
    public async Task A_stale_version_is_outdated_a_document_that_is_no_file_is_refused_and_a_failed_rewrite_is_a_failure()
    {
        var service = Service(new ScriptedGenerator("```csharp\npublic int Twice(int x) => y;\n```"));
        var data = await OfferedAsync(service, "x * 2", RefactoringKind.Simplify);
        var untitled = new TextDocument("untitled:Untitled-1", "csharp", 3, _document.Text);

        var stale = await Assert.ThrowsAsync<RefactorOutdatedException>(() => service.RunAsync(_document.WithText(4, _document.Text), data, null, CancellationToken.None));
        var notAFile = await Assert.ThrowsAsync<RefactorNotAFileException>(() => service.RunAsync(untitled, data, null, CancellationToken.None));
        var failed = await Assert.ThrowsAsync<RefactorFailedException>(() => service.RunAsync(_document, data, null, CancellationToken.None));

        Assert.Equal($"{_document.Uri} changed since the refactoring was offered; ask again.", stale.Message);
        Assert.Equal("untitled:Untitled-1 is not a file.", notAFile.Message);
        Assert.Equal(RefactorVerdict.IntroducesErrors, failed.Result.Verdict);
        Assert.Contains("CS0103", failed.Message);
    }

    [Fact]
    public async Task The_model_gets_the_instruction_the_data_carries()
    {
        var generator = new ScriptedGenerator("```csharp\npublic int Twice(int x) => x << 1;\n```");
        var service = Service(generator);
        var data = await OfferedAsync(service, "x * 2", RefactoringKind.Custom);

        var result = await service.RunAsync(_document, data with { Instruction = "Use a shift" }, null, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.StartsWith("Use a shift", generator.Prompts[0].Messages[1].Content);
        Assert.Equal("<< 1", Assert.Single(result.Edits).NewText);
    }

    [Fact]
    public async Task Documents_that_are_not_CSharp_files_get_no_offers()
    {
        var markdown = new TextDocument("file:///notes.md", "markdown", 1, "# notes");
        var untitled = new TextDocument("untitled:Untitled-1", "csharp", 1, _document.Text);

        var offered = await Service(new ScriptedGenerator("")).OfferAsync(markdown, new TextSpan(0, 0), [], CancellationToken.None);

        Assert.Empty(offered);
        Assert.Equal([true, false, false], new[] { _document, markdown, untitled }.Select(RefactoringService.Refactors));
    }
}
