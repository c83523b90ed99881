using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Indra.PowerShell;

/// <summary>
/// Runs when Import-Module loads Indra.dll and lets the module's dependencies resolve inside pwsh, whose own probing
/// knows only pwsh's folder: managed assemblies from the module folder, then from the ASP.NET Core shared framework of
/// the running .NET (the sharing layer is built on it; pwsh does not load it), and native libraries (SQLite's
/// e_sqlite3) from the module's runtimes/RID/native/, as dotnet publish lays them out. The resolvers are removed when
/// the module is removed.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? "";

    /// <inheritdoc />
    public void OnImport()
    {
        AssemblyLoadContext.Default.Resolving += ResolveManaged;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveNative;
    }

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        AssemblyLoadContext.Default.Resolving -= ResolveManaged;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll -= ResolveNative;
    }

    /// <summary>MODULE/NAME.dll, else SHARED/Microsoft.AspNetCore.App/VERSION/NAME.dll for the runtime's major version.</summary>
    private static Assembly? ResolveManaged(AssemblyLoadContext context, AssemblyName name)
    {
        var file = name.Name + ".dll";
        var candidate = Path.Combine(ModuleDirectory, file);
        if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
        if (AspNetCoreDirectory() is { } framework && File.Exists(Path.Combine(framework, file))) return context.LoadFromAssemblyPath(Path.Combine(framework, file));
        return null;
    }

    /// <summary>The newest installed Microsoft.AspNetCore.App of the running runtime's major version, or null.</summary>
    private static string? AspNetCoreDirectory()
    {
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        var shared = Path.Combine(runtime.Parent!.Parent!.FullName, "Microsoft.AspNetCore.App");
        if (!Directory.Exists(shared)) return null;
        var major = Environment.Version.Major;
        return Directory.EnumerateDirectories(shared)
            .Select(d => (Directory: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version?.Major == major)
            .OrderByDescending(d => d.Version)
            .Select(d => d.Directory)
            .FirstOrDefault();
    }

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
