using System.Security.Cryptography;
using System.Text;

namespace CodeAssist.Telemetry.Events;

public static class Fingerprints
{
    /// <summary>
    /// Short SHA-256 of a document's lower-cased extension (".cs" and ".CS" agree): groups files by type without storing
    /// their names. Accepts a path or a file URI.
    /// </summary>
    public static string FileExtensionHash(string pathOrUri)
    {
        var extension = Path.GetExtension(pathOrUri).ToLowerInvariant();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(extension)))[..16];
    }
}
