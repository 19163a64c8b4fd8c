using System.Security.Cryptography;
using System.Text;

namespace CodeAssist.Benchmarks.Kld;

/// <summary>The C# text the formats are compared on: one file, or every .cs file under a folder in path order.</summary>
public sealed record KldCorpus(string Source, string Text)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    public static KldCorpus Load(string path)
    {
        if (File.Exists(path))
            return new KldCorpus(Path.GetFullPath(path), File.ReadAllText(path));
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"No corpus file or folder at {path}", path);
        var files = Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
            throw new FileNotFoundException($"No .cs files under {path}", path);
        return new KldCorpus(Path.GetFullPath(path), string.Join("\n", files.Select(File.ReadAllText)));
    }
}
