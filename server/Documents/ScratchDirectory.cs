namespace CodeAssist.Server.Documents;

/// <summary>A temporary directory of this process, deleted with everything in it when disposed.</summary>
public sealed class ScratchDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
