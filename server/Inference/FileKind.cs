using System.Runtime.InteropServices;

namespace CodeAssist.Server.Inference;

/// <summary>What a path is, from stat(2).</summary>
public enum FileKind
{
    Regular,
    Directory,
    Fifo,
    Socket,
    Device,
    Other,
}

/// <summary>
/// .NET opens a FIFO by blocking until a writer appears, so a model path is checked with stat(2) before it is opened.
/// Linux on x86-64 and arm64 only, where st_mode's offset is known; null elsewhere or when stat fails.
/// </summary>
public static partial class FileKinds
{
    private const uint TypeMask = 0xF000;

    public static FileKind? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
            return null;
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Stat(path, buffer) != 0)
                return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a glibc before 2.33 exports only __xstat
        }
        var modeOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        return (BitConverter.ToUInt32(buffer[modeOffset..]) & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 or 0x6000 => FileKind.Device,
            _ => FileKind.Other,
        };
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, Span<byte> buffer);
}
