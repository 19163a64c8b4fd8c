using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeAssist.Server.Refactoring;

/// <summary>The code of an answer parsed as the target's kind: the text to splice, the usings it wants, the parsed nodes.</summary>
public sealed record Replacement(string Code, IReadOnlyList<string> Usings, IReadOnlyList<SyntaxNode> Nodes);

/// <summary>
/// Parses an answer's code as the same kind of syntax as the target (members, statements or one type). Leading using
/// directives are split off to be added to the file; an answer that repeats the whole enclosing type is cut down to the
/// target member and the members it adds, so members the model only saw as signatures are never replaced.
/// </summary>
public static class ReplacementParser
{
    private const string Wrapper = "__CodeAssistRefactored";
    private const int MaxProblems = 8;

    public static (Replacement? Replacement, IReadOnlyList<string> Problems) Parse(string code, TargetKind kind, SyntaxNode original)
    {
        code = Indentation.Remove(code);
        var unit = SyntaxFactory.ParseCompilationUnit(code);
        var usings = unit.Usings.Select(u => u.ToString().Trim()).ToList();
        if (unit.Usings.Count > 0)
        {
            code = Indentation.Remove(code[unit.Usings[^1].FullSpan.End..]);
            unit = SyntaxFactory.ParseCompilationUnit(code);
        }
        code = Unwrap(unit, kind, original) ?? code;
        if (code.Trim().Length == 0)
            return (null, ["The answer contained no code."]);

        return kind switch
        {
            TargetKind.Member => ParseMembers(code, usings),
            TargetKind.Statements => ParseStatements(code, usings),
            _ => ParseType(code, usings),
        };
    }

    /// <summary>The part of a whole-file answer that belongs to the target, or null when the answer is not a whole file.</summary>
    private static string? Unwrap(CompilationUnitSyntax unit, TargetKind kind, SyntaxNode original)
    {
        var types = Types(unit.Members).ToList();
        if (types.Count != 1 || !unit.Members.Any(m => m is BaseNamespaceDeclarationSyntax or BaseTypeDeclarationSyntax))
            return null;
        var type = types[0];
        if (kind == TargetKind.Type)
            return unit.Members[0] is BaseNamespaceDeclarationSyntax ? Indentation.Remove(type.ToFullString()) : null;
        if (kind != TargetKind.Member || original is not MemberDeclarationSyntax member
            || original.Parent is not TypeDeclarationSyntax container || container.Identifier.ValueText != type.Identifier.ValueText
            || type is not TypeDeclarationSyntax rewritten)
            return null;
        var existing = container.Members.Select(MemberSignature.Name).ToHashSet();
        var kept = rewritten.Members.Where(m => MemberSignature.Name(m) == MemberSignature.Name(member) || !existing.Contains(MemberSignature.Name(m)));
        return Indentation.Remove(string.Concat(kept.Select(m => m.ToFullString())));
    }

    private static IEnumerable<BaseTypeDeclarationSyntax> Types(SyntaxList<MemberDeclarationSyntax> members) =>
        members.SelectMany(m => m switch
        {
            BaseNamespaceDeclarationSyntax ns => Types(ns.Members),
            BaseTypeDeclarationSyntax type => [type],
            _ => [],
        });

    private static (Replacement?, IReadOnlyList<string>) ParseMembers(string code, List<string> usings)
    {
        var unit = SyntaxFactory.ParseCompilationUnit($"class {Wrapper}\n{{\n{code}\n}}\n");
        var problems = Problems(unit);
        if (problems.Count > 0)
            return (null, problems);
        if (unit.Members is not [ClassDeclarationSyntax { Members.Count: > 0 } wrapper])
            return (null, ["The answer is not a member declaration."]);
        return (new Replacement(code, usings, wrapper.Members), []);
    }

    private static (Replacement?, IReadOnlyList<string>) ParseStatements(string code, List<string> usings)
    {
        var block = (BlockSyntax)SyntaxFactory.ParseStatement($"{{\n{code}\n}}", consumeFullText: true);
        var problems = Problems(block);
        if (problems.Count > 0)
            return (null, problems);
        return block.Statements.Count == 0
            ? (null, ["The answer contained no statements."])
            : (new Replacement(code, usings, block.Statements), []);
    }

    private static (Replacement?, IReadOnlyList<string>) ParseType(string code, List<string> usings)
    {
        var unit = SyntaxFactory.ParseCompilationUnit(code);
        var problems = Problems(unit);
        if (problems.Count > 0)
            return (null, problems);
        return unit.Members is [BaseTypeDeclarationSyntax type]
            ? (new Replacement(code, usings, [type]), [])
            : (null, ["The answer is not exactly one type declaration."]);
    }

    /// <summary>Syntax errors, each with the line it is on so the model can find it.</summary>
    private static List<string> Problems(SyntaxNode parsed)
    {
        var text = parsed.GetText();
        return [.. parsed.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Take(MaxProblems)
            .Select(d => $"{d.Id}: {d.GetMessage()} in: {text.Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim()}")];
    }
}
