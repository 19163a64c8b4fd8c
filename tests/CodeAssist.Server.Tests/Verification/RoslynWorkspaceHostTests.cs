using System.Diagnostics;
using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Verification;

public sealed class RoslynWorkspaceHostTests : IDisposable
{
    private const string Greeter = "namespace Lib;\n\npublic class Greeter\n{\n    public string Greet(string name) => $\"Hi {name}\";\n}\n";
    private const string UsesGreeter = "namespace Lib;\n\npublic static class Use\n{\n    public static string Run() => new Greeter().Greet(\"x\");\n}\n";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FolderWithoutProjectsBecomesOneAdHocProject()
    {
        _folder.Write("Greeter.cs", Greeter);
        var use = _folder.Write("sub/Use.cs", UsesGreeter);
        _folder.Write("obj/Generated.cs", "this is not C#");
        using var host = RoslynWorkspaceHost.Open(_folder.Path);

        await host.Loaded;

        Assert.Equal(WorkspaceKind.AdHoc, host.Kind);
        var project = host.GetDocument(use).Project;
        Assert.Equal(["Greeter.cs", "ImplicitUsings.g.cs", "Use.cs"], project.Documents.Select(d => d.Name).Order());
        Assert.Empty(await ErrorsAsync(host, use));
    }

    [Fact]
    public async Task MsBuildLoadsARestoredClassLibrary()
    {
        _folder.Write("Lib.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        _folder.Write("Greeter.cs", Greeter);
        var use = _folder.Write("Use.cs", UsesGreeter.Replace("\"x\")", "\"x\").Trim()"));
        Restore(_folder.Path);
        using var host = RoslynWorkspaceHost.Open(_folder.Path);

        await host.Loaded;

        Assert.True(host.Kind == WorkspaceKind.MSBuild, string.Join("\n", host.LoadFailures));
        var document = host.GetDocument(use);
        Assert.Equal("Lib", document.Project.Name);
        Assert.Contains(document.Project.Documents, d => d.Name == "Greeter.cs");
        Assert.Empty(await ErrorsAsync(host, use));
    }

    [Fact]
    public async Task FolderWithBrokenProjectFallsBackToAdHoc()
    {
        _folder.Write("Broken.csproj", "<Project><this is not xml");
        var greeter = _folder.Write("Greeter.cs", Greeter);
        using var host = RoslynWorkspaceHost.Open(_folder.Path);

        await host.Loaded;

        Assert.Equal(WorkspaceKind.AdHoc, host.Kind);
        Assert.Empty(await ErrorsAsync(host, greeter));
    }

    [Fact]
    public async Task OpenDocumentTextOverridesDiskUntilClosed()
    {
        var greeter = _folder.Write("Greeter.cs", Greeter);
        var use = _folder.Write("Use.cs", UsesGreeter);
        using var host = RoslynWorkspaceHost.Open(_folder.Path, useMsBuild: false);
        await host.Loaded;

        host.SetOpenDocumentText(greeter, Greeter.Replace("Greet(", "Welcome("));

        Assert.Contains("Welcome(", (await host.GetDocument(greeter).GetTextAsync()).ToString());
        Assert.Contains("CS1061", await ErrorsAsync(host, use));

        host.CloseDocument(greeter);

        Assert.Contains("Greet(", (await host.GetDocument(greeter).GetTextAsync()).ToString());
        Assert.Empty(await ErrorsAsync(host, use));
    }

    [Fact]
    public async Task OpenTextSetWhileLoadingSurvivesTheLoad()
    {
        var greeter = _folder.Write("Greeter.cs", Greeter);
        using var host = RoslynWorkspaceHost.Open(_folder.Path, useMsBuild: false);

        host.SetOpenDocumentText(greeter, "class Edited { }");
        var whileLoading = await host.GetDocument(greeter).GetTextAsync();
        await host.Loaded;

        Assert.Equal("class Edited { }", whileLoading.ToString());
        Assert.Equal("class Edited { }", (await host.GetDocument(greeter).GetTextAsync()).ToString());
    }

    [Fact]
    public async Task FileOutsideEveryProjectJoinsTheMiscellaneousProject()
    {
        _folder.Write("Greeter.cs", Greeter);
        using var host = RoslynWorkspaceHost.Open(_folder.Path, useMsBuild: false);
        await host.Loaded;
        using var elsewhere = new TempDirectory();
        var scratch = elsewhere.Write("Scratch.cs", "class Scratch { int M() => 1; }");

        var document = host.GetDocument(scratch);

        Assert.Equal("Miscellaneous", document.Project.Name);
        Assert.Empty(await ErrorsAsync(host, scratch));
    }

    [Fact]
    public async Task MissingFolderLoadsEmptyAndStillServesOpenDocuments()
    {
        using var host = RoslynWorkspaceHost.Open(Path.Combine(_folder.Path, "does-not-exist"));
        var path = Path.Combine(_folder.Path, "does-not-exist", "New.cs");

        await host.Loaded;
        host.SetOpenDocumentText(path, "class New { int M() => 1; }");

        Assert.Equal(WorkspaceKind.AdHoc, host.Kind);
        Assert.Empty(await ErrorsAsync(host, path));
    }

    private static async Task<List<string>> ErrorsAsync(RoslynWorkspaceHost host, string path)
    {
        var model = await host.GetDocument(path).GetSemanticModelAsync();
        return [.. model!.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.Id)];
    }

    /// <summary>A design-time build needs restore's assets file; a project without packages restores offline.</summary>
    internal static void Restore(string folder)
    {
        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = restore.StandardOutput.ReadToEndAsync();
        var error = restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        Assert.True(restore.ExitCode == 0, output.Result + error);
    }
}
