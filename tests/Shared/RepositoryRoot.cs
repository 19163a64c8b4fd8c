namespace CodeAssist.Tests.Shared;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds CodeAssist.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>
    /// The project's read-only shared folder (its datasets, read in place), which sits beside the checkout as ../shared.
    /// A scratch clone made elsewhere (a CI check in /tmp) finds it beside the local repository it was cloned from.
    /// </summary>
    public static string Shared { get; } = FindShared();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CodeAssist.sln")))
                return directory.FullName;
        throw new DirectoryNotFoundException("CodeAssist.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindShared()
    {
        var beside = SharedBeside(Path);
        return Directory.Exists(beside) || OriginPath() is not { } origin || !Directory.Exists(SharedBeside(origin))
            ? beside
            : SharedBeside(origin);
    }

    private static string SharedBeside(string checkout) => System.IO.Path.GetFullPath(System.IO.Path.Combine(checkout, "..", "shared"));

    /// <summary>Where the checkout was cloned from (git's remote "origin") when that is a folder on this machine.</summary>
    private static string? OriginPath()
    {
        var config = System.IO.Path.Combine(Path, ".git", "config");
        if (!File.Exists(config))
            return null;
        var inOrigin = false;
        foreach (var line in File.ReadLines(config).Select(l => l.Trim()))
        {
            if (line.StartsWith('['))
                inOrigin = line == "[remote \"origin\"]";
            else if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.Split('=', 2) is [_, var url])
                return Directory.Exists(url.Trim()) ? url.Trim() : null;
        }
        return null;
    }
}
