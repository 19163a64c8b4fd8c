using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CodeAssist.Server.Verification;

/// <summary>Projects built without MSBuild: the folder's sources, a miscellaneous bucket, a lone document.</summary>
internal static class AdHocProjects
{
    /// <summary>The SDK's implicit usings; without them a correct <c>Console.WriteLine</c> would read as CS0103.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Console application so top-level statements bind; entry-point errors are compilation-wide and never reach a document's diagnostics.
    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.ConsoleApplication,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true);

    public static Solution AddProject(Solution solution, string name, IEnumerable<(string Path, SourceText Text)> documents, out ProjectId projectId)
    {
        var id = ProjectId.CreateNewId(name);
        projectId = id;
        var usingsId = DocumentId.CreateNewId(id, "ImplicitUsings");
        var documentInfos = documents
            .Select(document => DocumentInfo.Create(
                DocumentId.CreateNewId(id, document.Path),
                Path.GetFileName(document.Path),
                loader: TextLoader.From(TextAndVersion.Create(document.Text, VersionStamp.Create(), document.Path)),
                filePath: document.Path))
            .Append(DocumentInfo.Create(
                usingsId,
                "ImplicitUsings.g.cs",
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(ImplicitUsings), VersionStamp.Create()))));
        var project = ProjectInfo.Create(
            id,
            VersionStamp.Create(),
            name,
            name,
            LanguageNames.CSharp,
            compilationOptions: CompilationOptions,
            parseOptions: ParseOptions,
            documents: documentInfos,
            metadataReferences: Net100.References.All);
        return solution.AddProject(project);
    }

    /// <summary>Design-time builds without a restore yield no references; give such projects the framework so binding means something.</summary>
    public static Solution WithFrameworkWhereMissing(Solution solution)
    {
        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp && !p.MetadataReferences.Any()))
            solution = solution.AddMetadataReferences(project.Id, Net100.References.All);
        return solution;
    }
}
