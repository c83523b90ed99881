using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Indra.PowerShell;

/// <summary>
/// Runs when Import-Module loads Indra.dll: lets the native libraries the module ships (SQLite's e_sqlite3 under
/// runtimes/RID/native/, as dotnet publish lays them out) resolve inside pwsh, whose own probing knows only its own
/// folder. The resolver is removed when the module is removed.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

    /// <inheritdoc />
    public void OnImport() => AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveNative;

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.ResolvingUnmanagedDll -= ResolveNative;

    /// <summary>MODULE/runtimes/RID/native/NAME (with the platform's prefix and suffix), for the running platform's RID.</summary>
    private static IntPtr ResolveNative(Assembly assembly, string name)
    {
        var native = Path.Combine(ModuleDirectory, "runtimes", RuntimeId(), "native");
        foreach (var file in new[] { name, "lib" + name + ".so", "lib" + name + ".dylib", name + ".dll" })
        {
            var candidate = Path.Combine(native, file);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        return IntPtr.Zero;
    }

    /// <summary>The portable runtime id (linux-x64, osx-arm64, win-x64, ...).</summary>
    private static string RuntimeId()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
    }
}
