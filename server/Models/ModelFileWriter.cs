using System.Diagnostics;

namespace CodeAssist.Server.Models;

/// <summary>Writes one model file the way make-demo and the trained formats both need it: whole or not at all.</summary>
public static class ModelFileWriter
{
    /// <summary>
    /// Runs <paramref name="write"/> into a unique temporary name beside <paramref name="path"/>, then renames it: an
    /// interrupted run never leaves a half file that looks finished, and two processes making the same (byte-identical)
    /// model do not write into each other's file. Reports the size and time.
    /// </summary>
    public static void Write(string path, Action<string> write, IProgress<string>? progress)
    {
        var watch = Stopwatch.StartNew();
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            write(partial);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        progress?.Report($"{Path.GetFileName(path)}: {new FileInfo(path).Length:N0} bytes in {watch.ElapsedMilliseconds} ms");
    }
}
