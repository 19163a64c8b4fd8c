namespace CodeAssist.Tests.Shared;

/// <summary>A fresh directory for one test, removed with everything in it afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string purpose = "test") => Path = Directory.CreateTempSubdirectory($"codeassist-{purpose}-").FullName;

    public string Path { get; }

    /// <summary>The path of <paramref name="relativePath"/> inside the directory (nothing is created).</summary>
    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Writes a file (creating its folders) and returns its path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = File(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A build host or a child process may still hold a file for a moment; the OS temp cleaner gets it later.
        }
    }
}
