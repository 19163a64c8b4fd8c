using CodeAssist.Benchmarks;
using CodeAssist.Tests.Shared;

namespace CodeAssist.Server.Tests.Benchmarks;

public sealed class SettingsModelsTests : IDisposable
{
    private readonly TempDirectory _directory = new("settings");

    public void Dispose() => _directory.Dispose();

    private string Write(string json) => _directory.Write("settings.json", json);

    [Fact]
    public void A_vscode_settings_file_with_comments_gives_its_formats()
    {
        var path = Write("""
            {
              // the two formats under comparison
              "editor.fontSize": 14,
              "codeassist.models": { "UD-Q4_K_XL": "/m/a-00001-of-00002.gguf", "MXFP4_MOE": "/m/b.gguf", },
            }
            """);
        Assert.Equal(["UD-Q4_K_XL=/m/a-00001-of-00002.gguf", "MXFP4_MOE=/m/b.gguf"], SettingsModels.Read(path));
    }

    [Fact]
    public void A_codeassist_section_works_too_and_no_file_means_no_models()
    {
        Assert.Equal(["Q8_0=/m/q8.gguf"], SettingsModels.Read(Write("""{ "codeassist": { "models": { "Q8_0": "/m/q8.gguf" } } }""")));
        Assert.Empty(SettingsModels.Read(null));
        Assert.Throws<InvalidOperationException>(() => SettingsModels.Read(Write("{}")));
    }
}
