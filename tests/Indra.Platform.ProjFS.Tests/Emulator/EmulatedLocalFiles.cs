using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>
/// The host's <see cref="ILocalFiles"/> on the emulator: its own I/O under the virtualization root goes through the
/// emulated kernel the way the ProjFS driver sees a provider's I/O on Windows, as the host's process
/// (<see cref="EmulatedCaller.CurrentProcess"/>):
/// <list type="bullet">
/// <item>opening a virtual path lays placeholders down through GetPlaceholderInfo; reading a placeholder hydrates it
/// through GetFileData; opening one for writing converts it to full (FILE_PRE_CONVERT_TO_FULL); every open and close
/// is notified (FILE_OPENED, FILE_HANDLE_CLOSED_*) with the host's process id;</item>
/// <item>the host's handle is an open handle like any application's: its FileShare is checked against the others
/// (ERROR_SHARING_VIOLATION), and PrjUpdateFileIfNeeded/PrjDeleteFile fail while it is open;</item>
/// <item>a listing enumerates through the provider (StartDirectoryEnumeration...); a stat resolves the path like an
/// open (GetPlaceholderInfo for a virtual name; no notification); delete and rename send PRE_DELETE/PRE_RENAME and
/// the notifications after them.</item>
/// </list>
/// Paths outside the root (the state directory), and every path while the root is not yet a virtualization root
/// (before PrjMarkDirectoryAsPlaceholder), go to the real disk (<see cref="LocalFiles"/>). A call under the root from
/// a callback thread is a violation (<see cref="ProjFsEmulator.Violations"/>, "host I/O: ..."). Moving an item out
/// of the root is not emulated (the host never does it): it fails with ERROR_NOT_SUPPORTED.
/// </summary>
public sealed class EmulatedLocalFiles(ProjFsEmulator emulator) : ILocalFiles
{
    private static ILocalFiles Disk => LocalFiles.Instance;

    /// <inheritdoc />
    public Stream Open(string path, FileMode mode, FileAccess access, FileShare share)
    {
        if (Relative(path, "open") is not { } relative)
        {
            return Disk.Open(path, mode, access, share);
        }

        using var caller = emulator.ActAs(EmulatedCaller.CurrentProcess);
        var handle = emulator.Open(relative, mode == FileMode.Append ? FileMode.OpenOrCreate : mode, access, share);
        return new EmulatedFileStream(handle, append: mode == FileMode.Append);
    }

    /// <inheritdoc />
    public LocalFileStatus? Stat(string path)
    {
        if (Relative(path, "stat") is not { } relative)
        {
            return Disk.Stat(path);
        }

        using var caller = emulator.ActAs(EmulatedCaller.CurrentProcess);
        return emulator.Stat(relative);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> List(string directory)
    {
        if (Relative(directory, "list") is not { } relative)
        {
            return Disk.List(directory);
        }

        using var caller = emulator.ActAs(EmulatedCaller.CurrentProcess);
        return [.. emulator.EnumerateDirectory(relative).Select(e => emulator.RealPath(ProjFsEmulator.Combine(relative, e.Name)))];
    }

    /// <inheritdoc />
    public void CreateDirectory(string path)
    {
        if (Relative(path, "create a directory") is not { } relative)
        {
            Disk.CreateDirectory(path);
            return;
        }

        using var caller = emulator.ActAs(EmulatedCaller.CurrentProcess);
        var current = string.Empty;
        foreach (var part in relative.Split('\\', StringSplitOptions.RemoveEmptyEntries))
        {
            current = ProjFsEmulator.Combine(current, part);
            if (!emulator.Exists(current))
            {
                emulator.CreateDirectory(current);
            }
        }
    }

    /// <inheritdoc />
    public void Move(string source, string destination, bool overwrite)
    {
        var from = Relative(source, "move");
        var to = Relative(destination, "move");
        using var caller = emulator.ActAs(EmulatedCaller.CurrentProcess);
        if (from is null && to is null)
        {
            Disk.Move(source, destination, overwrite);
        }
        else if (from is not null && to is not null)
        {
            emulator.Rename(from, to, overwrite);
        }
        else if (to is not null)
        {
            if (overwrite && emulator.Exists(to))
            {
                emulator.Delete(to);
            }

            emulator.MoveIn(source, to);
        }
        else
        {
            throw new EmulatedIOException($"moving '{source}' out of the virtualization root is not emulated", HResult.NotSupported);
        }
    }

    /// <inheritdoc />
    public void Delete(string path)
    {
        if (Relative(path, "delete") is not { } relative)
        {
            Disk.Delete(path);
            return;
        }

        using var caller = emulator.ActAs(EmulatedCaller.CurrentProcess);
        if (emulator.Exists(relative))
        {
            emulator.Delete(relative);
        }
    }

    /// <summary>The path relative to the root ('\'-separated, "" for the root), or null when the call goes to disk.</summary>
    private string? Relative(string path, string operation)
    {
        var relative = Path.GetRelativePath(emulator.RootDirectory, Path.GetFullPath(path));
        var outside = relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative);
        if (outside || !emulator.IsMarked)
        {
            return null;
        }

        if (CallbackPool.IsCallbackThread)
        {
            emulator.HostIoFromCallback(operation, relative);
        }

        return relative == "." ? string.Empty : ProjFsEmulator.Normalize(relative);
    }
}
