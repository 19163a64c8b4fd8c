using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CodeAssist.Server.Lsp;

/// <summary>
/// The protocol owns stdout. Native code (llama.cpp, ggml) may print to file descriptor 1, which would corrupt the
/// stream, so on Unix the protocol gets a private duplicate of fd 1 and fd 1 itself is pointed at stderr.
/// </summary>
public static partial class StandardStreams
{
    public static Stream TakeProtocolOutput()
    {
        if (OperatingSystem.IsWindows())
            return Console.OpenStandardOutput();
        var protocolFd = Dup(1);
        if (protocolFd < 0 || Dup2(2, 1) < 0)
            return Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        return new FileStream(new SafeFileHandle(protocolFd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);
}
