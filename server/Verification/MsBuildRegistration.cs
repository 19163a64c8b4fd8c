using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace CodeAssist.Server.Verification;

/// <summary>
/// Registers the installed SDK's MSBuild once per process. It must run before any MSBuild type is loaded,
/// so nothing here touches MSBuild types and callers reach MSBuild only through <see cref="MsBuildProjectLoader"/>.
/// </summary>
internal static class MsBuildRegistration
{
    private static readonly Lock Gate = new();
    private static bool? _available;

    public static bool TryEnsureRegistered()
    {
        lock (Gate)
        {
            _available ??= Register();
            return _available.Value;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Register()
    {
        if (MSBuildLocator.IsRegistered)
            return true;
        if (!MSBuildLocator.CanRegister || !MSBuildLocator.QueryVisualStudioInstances().Any())
            return false;
        MSBuildLocator.RegisterDefaults();
        return true;
    }
}
