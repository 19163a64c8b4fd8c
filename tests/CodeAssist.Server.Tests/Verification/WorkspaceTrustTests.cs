using CodeAssist.Server.Documents;
using CodeAssist.Server.Verification;
using CodeAssist.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeAssist.Server.Tests.Verification;

/// <summary>VS Code's workspace trust: an untrusted folder's project is never run through MSBuild, whose targets would run its code.</summary>
public sealed class WorkspaceTrustTests : IDisposable
{
    private readonly TempDirectory _folder = new("trust");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_untrusted_folder_gets_an_ad_hoc_project_and_trust_later_loads_it_with_MSBuild()
    {
        var marker = _folder.File("target-ran.txt");
        _folder.Write("Lib.csproj", $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <!-- What a hostile repository would do: run something as soon as its project is evaluated and built. -->
              <Target Name="RunSomething" BeforeTargets="CoreCompile">
                <Touch Files="{{marker}}" AlwaysCreate="true" />
              </Target>
            </Project>
            """);
        var code = _folder.Write("Greeter.cs", "public static class Greeter { public static string Hello() => \"hi\"; }\n");
        RoslynWorkspaceHostTests.Restore(_folder.Path);
        using var sync = new WorkspaceSync(new RecentEdits(), NullLogger<WorkspaceSync>.Instance);

        sync.OpenFolder(_folder.Path, trusted: false);
        await sync.Host.Loaded;
        Assert.Equal(WorkspaceKind.AdHoc, sync.Host.Kind);
        Assert.Contains(sync.Host.GetDocument(code).Project.Documents, d => d.Name == "Greeter.cs");
        Assert.False(File.Exists(marker));

        sync.GrantTrust();
        await sync.Host.Loaded;
        Assert.True(sync.Host.Kind == WorkspaceKind.MSBuild, string.Join("\n", sync.Host.LoadFailures));
        Assert.Equal("Lib", sync.Host.GetDocument(code).Project.Name);
    }
}
