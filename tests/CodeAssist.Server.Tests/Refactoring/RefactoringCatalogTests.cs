using CodeAssist.Server.Protocol;
using CodeAssist.Server.Refactoring;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Tests.Refactoring;

public sealed class RefactoringCatalogTests : IDisposable
{
    private readonly RefactoringScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    private IReadOnlyList<RefactoringKind> KindsAt(string marker, params RangeDiagnostic[] diagnostics) =>
        [.. _scenario.Offer(new TextSpan(_scenario.Offset(marker), 0), diagnostics).Select(o => o.Kind)];

    [Fact]
    public void Loop_to_LINQ_is_offered_only_on_a_loop()
    {
        Assert.Contains(RefactoringKind.LoopToLinq, KindsAt("foreach"));
        Assert.Contains(RefactoringKind.LoopToLinq, KindsAt("total += value;"));
        Assert.DoesNotContain(RefactoringKind.LoopToLinq, KindsAt("var total = 0;"));
        Assert.DoesNotContain(RefactoringKind.LoopToLinq, KindsAt("x * 2"));
    }

    [Fact]
    public void LINQ_to_loop_is_offered_only_on_a_LINQ_call()
    {
        Assert.Contains(RefactoringKind.LinqToLoop, KindsAt("Where(v"));
        Assert.DoesNotContain(RefactoringKind.LinqToLoop, KindsAt("foreach"));
    }

    [Fact]
    public void Fix_this_error_is_a_quick_fix_offered_only_on_a_diagnostic()
    {
        var diagnostic = new RangeDiagnostic(_scenario.SpanOf("total += value"), "Cannot convert", "CS0029");

        var onIt = _scenario.Offer(new TextSpan(_scenario.Offset("value;"), 0), diagnostic);
        var elsewhere = _scenario.Offer(new TextSpan(_scenario.Offset("x * 2"), 0), diagnostic);

        var fix = Assert.Single(onIt, o => o.Kind == RefactoringKind.FixError);
        Assert.Equal(CodeActionKind.QuickFix, fix.Kind.CodeActionKindOf());
        Assert.Equal(0, fix.DiagnosticIndex);
        Assert.Equal("Fix this error: CS0029: Cannot convert", fix.Data.Instruction);
        Assert.Equal("member", fix.Data.Target);
        Assert.DoesNotContain(elsewhere, o => o.Kind == RefactoringKind.FixError);
    }

    [Fact]
    public void A_cursor_in_a_member_targets_the_member_with_its_documentation()
    {
        var offers = _scenario.Offer(new TextSpan(_scenario.Offset("var total"), 0));

        var simplify = offers.Single(o => o.Kind == RefactoringKind.Simplify).Data;
        Assert.Equal("member", simplify.Target);
        Assert.StartsWith("/// <summary>Adds up the values.</summary>", _scenario.Text.Substring(simplify.Start, simplify.Length));
        Assert.EndsWith("return total;\n    }", _scenario.Text.Substring(simplify.Start, simplify.Length));
        Assert.DoesNotContain(offers, o => o.Kind == RefactoringKind.AddDocumentation); // Sum is documented
        Assert.DoesNotContain(offers, o => o.Kind == RefactoringKind.ExtractMethod); // nothing selected
        Assert.Contains(offers, o => o.Kind == RefactoringKind.AddNullChecks);
        Assert.Contains(offers, o => o.Kind == RefactoringKind.MakeAsync);
        Assert.Contains(offers, o => o.Kind == RefactoringKind.Custom);
    }

    [Fact]
    public void A_selection_of_statements_offers_extract_method_on_the_member_and_targets_the_statements()
    {
        var selection = TextSpan.FromBounds(_scenario.Offset("total = 0"), _scenario.Offset("total += value") + 3);

        var offers = _scenario.Offer(selection);

        var simplify = offers.Single(o => o.Kind == RefactoringKind.Simplify).Data;
        Assert.Equal("statements", simplify.Target);
        Assert.Equal("var total = 0;\n        foreach (var value in values)\n            total += value;", _scenario.Text.Substring(simplify.Start, simplify.Length));
        var extract = offers.Single(o => o.Kind == RefactoringKind.ExtractMethod).Data;
        Assert.Equal("member", extract.Target);
        Assert.Equal((simplify.Start, simplify.Length), (extract.FocusStart, extract.FocusLength));
    }

    [Fact]
    public void Undocumented_members_are_offered_documentation_and_nothing_is_offered_outside_a_type()
    {
        Assert.Contains(RefactoringKind.AddDocumentation, KindsAt("x * 2"));
        Assert.Empty(KindsAt("using System"));
    }
}
