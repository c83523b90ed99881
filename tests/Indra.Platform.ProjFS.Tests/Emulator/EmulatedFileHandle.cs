namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>An application's open file handle on the emulated root.</summary>
public sealed class EmulatedFileHandle : IDisposable
{
    private readonly ProjFsEmulator _emulator;

    internal EmulatedFileHandle(ProjFsEmulator emulator, EmulatedItem item, FileAccess access, FileShare share = FileShare.ReadWrite | FileShare.Delete)
    {
        _emulator = emulator;
        Item = item;
        Access = access;
        Share = share;
        Caller = emulator.CurrentCaller;
    }

    /// <summary>Identifies the handle in callbacks (PRJ_CALLBACK_DATA.FileId).</summary>
    public Guid FileId { get; } = Guid.NewGuid();

    /// <summary>The access the handle was opened with.</summary>
    public FileAccess Access { get; }

    /// <summary>The sharing the handle allows others (FILE_SHARE_* as a .NET <see cref="FileShare"/>).</summary>
    public FileShare Share { get; }

    /// <summary>The process that opened the handle.</summary>
    public EmulatedCaller Caller { get; }

    /// <summary>True once written through.</summary>
    public bool Modified { get; internal set; }

    /// <summary>True once closed.</summary>
    public bool IsClosed { get; internal set; }

    /// <summary>Fault injection: the application closes this handle right after the provider's first PrjWriteFileData (rule 21).</summary>
    public bool CloseDuringHydration { get; set; }

    internal EmulatedItem Item { get; }

    /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/> (hydrating first).</summary>
    public byte[] Read(long offset, int count) => _emulator.Read(this, offset, count);

    /// <summary>Reads the whole file.</summary>
    public byte[] ReadToEnd() => _emulator.Read(this, 0, int.MaxValue);

    /// <summary>The file's size in bytes (a placeholder not yet hydrated: the size the provider reported).</summary>
    public long Length => _emulator.LengthOf(this);

    /// <summary>Sets the file's size (truncates or extends with zeros; needs write access).</summary>
    public void SetLength(long length) => _emulator.SetLength(this, length);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data) => _emulator.Write(this, offset, data.ToArray());

    /// <summary>Closes the handle (FILE_HANDLE_CLOSED_* notification).</summary>
    public void Close() => _emulator.Close(this);

    /// <summary>Closes the handle.</summary>
    public void Dispose() => Close();
}
