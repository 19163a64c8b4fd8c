using CodeAssist.Server.Refactoring;
using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Tests.Refactoring;

/// <summary>A source file in a real Roslyn workspace and the refactoring targets in it, found by marker text.</summary>
internal sealed class RefactoringScenario : IDisposable
{
    public const string Source = """
        using System.Collections.Generic;

        namespace Demo;

        public class Stats
        {
            /// <summary>Adds up the values.</summary>
            public int Sum(List<int> values)
            {
                var total = 0;
                foreach (var value in values)
                    total += value;
                return total;
            }

            public int Twice(int x) => x * 2;

            public int CountPositive(List<int> values) => values.Where(v => v > 0).Count();

            public int Quadruple(int x) => Twice(Twice(x));
        }
        """;

    private readonly TempDirectory _folder = new();

    public RefactoringScenario(string source = Source)
    {
        Path = _folder.Write("Stats.cs", source);
        Workspace = RoslynWorkspaceHost.Open(_folder.Path, useMsBuild: false);
        Workspace.SetOpenDocumentText(Path, source);
        Text = source;
    }

    public string Path { get; }

    public string Text { get; }

    public RoslynWorkspaceHost Workspace { get; }

    public Document Document => Workspace.GetDocument(Path);

    public SyntaxNode Root => Document.GetSyntaxRootAsync().GetAwaiter().GetResult()!;

    public int Offset(string marker) => Text.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 ? at : throw new ArgumentException(marker);

    public TextSpan SpanOf(string marker) => new(Offset(marker), marker.Length);

    public IReadOnlyList<OfferedRefactoring> Offer(TextSpan selection, params RangeDiagnostic[] diagnostics) =>
        new RefactoringCatalog().Offer(Root, "file:///Stats.cs", 1, selection, diagnostics);

    public RefactorData DataFor(RefactoringKind kind, TextSpan selection) => Offer(selection).First(o => o.Kind == kind).Data;

    public RefactoringEngine Engine(RefactorGenerator generator) => new(generator, RefactoringEngine.CreateVerifier(Workspace));

    public string Apply(IReadOnlyList<TextChange> edits) => SourceText.From(Text).WithChanges(edits).ToString();

    /// <summary>Zero-based lines of the original text that an edit's replaced span touches.</summary>
    public IEnumerable<int> LinesTouched(TextChange edit)
    {
        var lines = SourceText.From(Text).Lines;
        var first = lines.GetLineFromPosition(edit.Span.Start).LineNumber;
        var last = lines.GetLineFromPosition(edit.Span.End).LineNumber;
        return Enumerable.Range(first, last - first + 1);
    }

    public int LineOf(string marker) => SourceText.From(Text).Lines.GetLineFromPosition(Offset(marker)).LineNumber;

    public void Dispose()
    {
        Workspace.Dispose();
        _folder.Dispose();
    }
}

/// <summary>Answers with scripted text and records every prompt it was given: the seam that stands in for the model's output.</summary>
internal sealed class ScriptedGenerator(params string[] answers)
{
    private int _next;

    public List<RefactorPrompt> Prompts { get; } = [];

    public Task<string> GenerateAsync(RefactorPrompt prompt, Action<string> onText, CancellationToken cancellationToken)
    {
        Prompts.Add(prompt);
        var answer = answers[Math.Min(_next++, answers.Length - 1)];
        onText(answer);
        return Task.FromResult(answer);
    }
}
