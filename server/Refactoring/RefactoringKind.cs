using CodeAssist.Server.Protocol;

namespace CodeAssist.Server.Refactoring;

public enum RefactoringKind
{
    FixError,
    Simplify,
    ExtractMethod,
    AddNullChecks,
    LoopToLinq,
    LinqToLoop,
    MakeAsync,
    AddDocumentation,
    /// <summary>The user's own instruction (<c>codeassist.refactor</c>).</summary>
    Custom,
}

/// <summary>How each refactoring is shown, asked of the model and named in telemetry.</summary>
public static class RefactoringKinds
{
    public static string Title(this RefactoringKind kind) => kind switch
    {
        RefactoringKind.FixError => "Fix this error (CodeAssist)",
        RefactoringKind.Simplify => "Simplify (CodeAssist)",
        RefactoringKind.ExtractMethod => "Extract method (CodeAssist)",
        RefactoringKind.AddNullChecks => "Add null checks (CodeAssist)",
        RefactoringKind.LoopToLinq => "Convert loop to LINQ (CodeAssist)",
        RefactoringKind.LinqToLoop => "Convert LINQ to loop (CodeAssist)",
        RefactoringKind.MakeAsync => "Make async (CodeAssist)",
        RefactoringKind.AddDocumentation => "Add XML documentation (CodeAssist)",
        RefactoringKind.Custom => "Refactor with an instruction… (CodeAssist)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string CodeActionKindOf(this RefactoringKind kind) => kind switch
    {
        RefactoringKind.FixError => CodeActionKind.QuickFix,
        RefactoringKind.ExtractMethod => CodeActionKind.RefactorExtract,
        _ => CodeActionKind.RefactorRewrite,
    };

    /// <summary>The instruction the model gets; <see cref="RefactoringKind.Custom"/> and <see cref="RefactoringKind.FixError"/> get theirs from the request.</summary>
    public static string Instruction(this RefactoringKind kind) => kind switch
    {
        RefactoringKind.Simplify => "Simplify this code: remove redundancy and use idiomatic modern C#, keeping the behaviour identical.",
        RefactoringKind.ExtractMethod => "Extract the selected statements into a new private method with a descriptive name and call it from where they were.",
        RefactoringKind.AddNullChecks => "Add null checks for the reference-type parameters (ArgumentNullException.ThrowIfNull) at the start of the member.",
        RefactoringKind.LoopToLinq => "Convert the loop into an equivalent LINQ expression.",
        RefactoringKind.LinqToLoop => "Convert the LINQ expression into an equivalent foreach loop.",
        RefactoringKind.MakeAsync => "Make this method asynchronous: mark it async, return Task or Task<T>, await asynchronous calls and add the Async suffix to its name.",
        RefactoringKind.AddDocumentation => "Add XML documentation comments (/// <summary>, <param>, <returns>) describing what the code does. Do not change the code itself.",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "this kind's instruction comes with the request"),
    };

    /// <summary>The name in <c>data</c> and in telemetry, e.g. "extract_method".</summary>
    public static string WireName(this RefactoringKind kind) => kind switch
    {
        RefactoringKind.FixError => "fix_error",
        RefactoringKind.Simplify => "simplify",
        RefactoringKind.ExtractMethod => "extract_method",
        RefactoringKind.AddNullChecks => "add_null_checks",
        RefactoringKind.LoopToLinq => "loop_to_linq",
        RefactoringKind.LinqToLoop => "linq_to_loop",
        RefactoringKind.MakeAsync => "make_async",
        RefactoringKind.AddDocumentation => "add_documentation",
        RefactoringKind.Custom => "custom",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static RefactoringKind Parse(string wireName)
    {
        foreach (var kind in Enum.GetValues<RefactoringKind>())
        {
            if (kind.WireName() == wireName)
                return kind;
        }
        throw new ArgumentException($"Unknown refactoring kind '{wireName}'.", nameof(wireName));
    }
}
