namespace CodeAssist.Tests.Shared;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds CodeAssist.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CodeAssist.sln")))
                return directory.FullName;
        throw new DirectoryNotFoundException("CodeAssist.sln not found above " + AppContext.BaseDirectory);
    }
}
