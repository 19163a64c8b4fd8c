using System.Runtime.InteropServices;

namespace CodeAssist.Benchmarks.Kld;

/// <summary>
/// The reference format's log-probabilities, computed once and kept on disk (float32, one row of the whole vocabulary per
/// scored position, chunk after chunk), so every other format and every rerun compares against the same numbers.
/// </summary>
internal sealed class ReferenceLogits : IDisposable
{
    private const int Magic = 0x4B4C4443; // "CDLK"
    private const int HeaderBytes = 4 * sizeof(int);
    private readonly FileStream _stream;

    private ReferenceLogits(string path)
    {
        _stream = File.OpenRead(path);
        Span<int> header = stackalloc int[4];
        _stream.ReadExactly(MemoryMarshal.AsBytes(header));
        if (header[0] != Magic)
            throw new InvalidDataException($"{path} is not a reference logits file");
        (Chunks, RowsPerChunk, Vocabulary) = (header[1], header[2], header[3]);
    }

    public int Chunks { get; }

    public int RowsPerChunk { get; }

    public int Vocabulary { get; }

    /// <summary>Opens the cache at <paramref name="path"/>, first writing it with <paramref name="compute"/> when it is missing.</summary>
    public static ReferenceLogits OpenOrCreate(string path, int chunks, Func<int, float[][]> compute)
    {
        if (!File.Exists(path))
            Write(path, chunks, compute);
        var opened = new ReferenceLogits(path);
        if (opened.Chunks != chunks)
        {
            opened.Dispose();
            throw new InvalidDataException($"{path} holds {opened.Chunks} chunks, expected {chunks}");
        }
        return opened;
    }

    public float[][] ReadChunk(int chunk)
    {
        _stream.Position = HeaderBytes + (long)chunk * RowsPerChunk * Vocabulary * sizeof(float);
        var rows = new float[RowsPerChunk][];
        for (var row = 0; row < RowsPerChunk; row++)
        {
            rows[row] = new float[Vocabulary];
            _stream.ReadExactly(MemoryMarshal.AsBytes(rows[row].AsSpan()));
        }
        return rows;
    }

    public void Dispose() => _stream.Dispose();

    private static void Write(string path, int chunks, Func<int, float[][]> compute)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // written under a unique name and moved into place, so an interrupted run never leaves a half cache that looks whole
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var stream = File.Create(partial))
            {
                for (var chunk = 0; chunk < chunks; chunk++)
                {
                    var rows = compute(chunk);
                    if (chunk == 0)
                        stream.Write(MemoryMarshal.AsBytes<int>([Magic, chunks, rows.Length, rows[0].Length]));
                    foreach (var row in rows)
                        stream.Write(MemoryMarshal.AsBytes(row.AsSpan()));
                }
            }
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
