using CodeAssist.Server.Logging;
using CodeAssist.Server.Refactoring;

namespace CodeAssist.Server.Tests.Refactoring;

public sealed class RefactoringEngineTests : IDisposable
{
    private const string ForLoopAnswer = """
        Here is the rewritten method:

        ```csharp
        /// <summary>Adds up the values.</summary>
        public int Sum(List<int> values)
        {
            var total = 0;
            for (var i = 0; i < values.Count; i++)
                total += values[i];
            return total;
        }
        ```
        """;

    private const string UnknownNameAnswer = """
        ```csharp
        public int Sum(List<int> values)
        {
            return valuez.Sum();
        }
        ```
        """;

    private readonly RefactoringScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    private RefactorData SumMember() => _scenario.DataFor(RefactoringKind.Simplify, new(_scenario.Offset("var total = 0;"), 0));

    [Fact]
    public async Task A_valid_rewrite_becomes_edits_on_the_changed_lines_only()
    {
        var generator = new ScriptedGenerator(ForLoopAnswer);

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember());

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(RefactorVerdict.Compiles, result.Verdict);
        Assert.False(result.SignatureChanged);
        Assert.Equal(1, result.Attempts);
        var changedLines = new[] { _scenario.LineOf("foreach"), _scenario.LineOf("total += value;") };
        Assert.All(result.Edits, edit => Assert.Subset(changedLines.ToHashSet(), _scenario.LinesTouched(edit).ToHashSet()));
        var expected = _scenario.Text
            .Replace("        foreach (var value in values)\n            total += value;", "        for (var i = 0; i < values.Count; i++)\n            total += values[i];");
        Assert.Equal(expected, _scenario.Apply(result.Edits));
    }

    [Fact]
    public async Task Usings_the_answer_brings_are_added_to_the_file_and_the_code_is_reformatted()
    {
        var generator = new ScriptedGenerator("""
            ```csharp
            using System.Text;

            public int Sum(List<int> values)
            {
            var text = new StringBuilder();
            foreach (var value in values) text.Append(value);
                return values.Sum();
            }
            ```
            """);

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember());

        Assert.True(result.Succeeded, result.Failure);
        var text = _scenario.Apply(result.Edits);
        Assert.Contains("using System.Collections.Generic;\nusing System.Text;\n", text);
        Assert.Contains("        var text = new StringBuilder();\n        foreach (var value in values) text.Append(value);\n        return values.Sum();\n", text);
        Assert.Contains("    /// <summary>Adds up the values.</summary>\n    public int Sum(", text); // kept: the answer brought none
    }

    [Fact]
    public async Task Documentation_added_to_an_undocumented_member_is_indented_like_it()
    {
        var data = _scenario.DataFor(RefactoringKind.AddDocumentation, new(_scenario.Offset("x * 2"), 0));
        var generator = new ScriptedGenerator("```csharp\n/// <summary>Doubles <paramref name=\"x\"/>.</summary>\npublic int Twice(int x) => x * 2;\n```");

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, data);

        Assert.True(result.Succeeded, result.Failure);
        Assert.False(result.SignatureChanged);
        var edit = Assert.Single(result.Edits);
        Assert.Equal("    /// <summary>Doubles <paramref name=\"x\"/>.</summary>\n", edit.NewText); // one inserted line
        Assert.Contains("\n    /// <summary>Doubles <paramref name=\"x\"/>.</summary>\n    public int Twice(int x) => x * 2;\n", _scenario.Apply(result.Edits));
    }

    [Fact]
    public async Task An_invalid_rewrite_is_retried_once_with_the_errors_then_reported_as_a_failure()
    {
        var generator = new ScriptedGenerator(UnknownNameAnswer);

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember());

        Assert.False(result.Succeeded);
        Assert.Equal(RefactorVerdict.IntroducesErrors, result.Verdict);
        Assert.Empty(result.Edits);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, generator.Prompts.Count);
        Assert.DoesNotContain("CS0103", generator.Prompts[0].Text);
        Assert.Contains("CS0103", generator.Prompts[1].Text);
        Assert.Contains("valuez", generator.Prompts[1].Text);
        Assert.Contains(UnknownNameAnswer, generator.Prompts[1].Messages.Where(m => m.Role == "assistant").Select(m => m.Content));
        Assert.Contains("did not compile after 2 attempts", result.Failure);
        Assert.Contains("CS0103", result.Failure);
    }

    [Fact]
    public async Task A_syntax_error_is_fed_back_and_a_corrected_answer_succeeds()
    {
        var generator = new ScriptedGenerator("public int Sum(List<int> values)\n{\n    return values.Sum()\n}", ForLoopAnswer);

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember());

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(2, result.Attempts);
        Assert.Contains("CS1002", generator.Prompts[1].Text);
    }

    [Fact]
    public async Task A_rewrite_that_changes_the_signature_is_flagged_in_the_verdict()
    {
        var generator = new ScriptedGenerator("""
            ```csharp
            public long Sum(IEnumerable<int> values) => values.Sum(v => (long)v);
            ```
            """);

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember());

        Assert.True(result.Succeeded, result.Failure);
        Assert.True(result.SignatureChanged);
        Assert.Equal("compiles+signature-changed", result.VerdictName);
    }

    [Fact]
    public async Task An_answer_repeating_the_whole_class_replaces_only_the_target_and_adds_new_members()
    {
        var generator = new ScriptedGenerator("""
            ```csharp
            namespace Demo;

            public class Stats
            {
                public int Sum(List<int> values) => Add(values);

                private static int Add(List<int> values) => values.Sum();

                public int Twice(int x);
            }
            ```
            """);

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember());

        Assert.True(result.Succeeded, result.Failure);
        var text = _scenario.Apply(result.Edits);
        Assert.Contains("    public int Sum(List<int> values) => Add(values);\n\n    private static int Add(List<int> values) => values.Sum();\n", text);
        Assert.Contains("public int Twice(int x) => x * 2;", text);
    }

    [Fact]
    public async Task Selected_statements_are_replaced_by_statements()
    {
        var selection = _scenario.SpanOf("foreach (var value in values)\n            total += value;");
        var data = _scenario.Offer(selection).First(o => o.Kind == RefactoringKind.LoopToLinq).Data;
        var generator = new ScriptedGenerator("```csharp\ntotal = values.Sum();\n```");

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, data);

        Assert.Equal("statements", data.Target);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Contains("        var total = 0;\n        total = values.Sum();\n        return total;", _scenario.Apply(result.Edits));
        Assert.Contains("statements only", generator.Prompts[0].Text);
    }

    [Fact]
    public async Task An_unchanged_answer_is_a_failure_without_a_retry()
    {
        var generator = new ScriptedGenerator("""
            /// <summary>Adds up the values.</summary>
            public int Sum(List<int> values)
            {
                var total = 0;
                foreach (var value in values)
                    total += value;
                return total;
            }
            """);

        var result = await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember());

        Assert.Equal(RefactorVerdict.NoChange, result.Verdict);
        Assert.Single(generator.Prompts);
        Assert.Empty(result.Edits);
    }

    [Fact]
    public async Task Cancellation_stops_generation_and_yields_no_result()
    {
        var started = new TaskCompletionSource();
        var observedCancellation = false;
        async Task<string> Hang(RefactorPrompt prompt, Action<string> onText, CancellationToken cancellationToken)
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                observedCancellation = true;
                throw;
            }
            return "unreachable";
        }
        using var cancellation = new CancellationTokenSource();

        var resolving = _scenario.Engine(Hang).ResolveAsync(_scenario.Document, SumMember(), cancellationToken: cancellation.Token);
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resolving);
        Assert.True(observedCancellation);
    }

    [Fact]
    public async Task The_prompt_holds_the_instruction_the_code_the_type_skeleton_and_used_signatures()
    {
        var generator = new ScriptedGenerator(ForLoopAnswer);
        var data = _scenario.DataFor(RefactoringKind.Simplify, new(_scenario.Offset("Twice(Twice"), 0));

        await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, data);

        var prompt = generator.Prompts[0];
        Assert.Equal(["system", "user"], prompt.Messages.Select(m => m.Role));
        var user = prompt.Messages[1].Content;
        Assert.StartsWith(RefactoringKind.Simplify.Instruction(), user);
        Assert.Contains("public int Quadruple(int x) => Twice(Twice(x));", user);
        Assert.Contains("public int Stats.Twice(int x)", user);
        Assert.Contains("using System.Collections.Generic;", user);
        Assert.Contains("public class Stats", user);
        Assert.Contains("public int Sum(List<int> values);", user);
        Assert.Contains(TypeSkeleton.Marker, user);
    }

    [Fact]
    public async Task Progress_is_reported_while_resolving()
    {
        var reports = new List<string>();
        var generator = new ScriptedGenerator(ForLoopAnswer);

        await _scenario.Engine(generator.GenerateAsync).ResolveAsync(_scenario.Document, SumMember(), new SynchronousProgress<RefactorProgress>(p => reports.Add(p.Message)));

        Assert.Contains("Asking the model…", reports);
        Assert.Contains("Checking the rewrite with Roslyn…", reports);
    }

}
