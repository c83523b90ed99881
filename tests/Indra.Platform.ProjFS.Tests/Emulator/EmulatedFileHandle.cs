namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>An application's open file handle on the emulated root.</summary>
public sealed class EmulatedFileHandle : IDisposable
{
    private readonly ProjFsEmulator _emulator;

    internal EmulatedFileHandle(ProjFsEmulator emulator, EmulatedItem item, FileAccess access)
    {
        _emulator = emulator;
        Item = item;
        Access = access;
    }

    /// <summary>Identifies the handle in callbacks (PRJ_CALLBACK_DATA.FileId).</summary>
    public Guid FileId { get; } = Guid.NewGuid();

    /// <summary>The access the handle was opened with.</summary>
    public FileAccess Access { get; }

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

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data) => _emulator.Write(this, offset, data.ToArray());

    /// <summary>Closes the handle (FILE_HANDLE_CLOSED_* notification).</summary>
    public void Close() => _emulator.Close(this);

    /// <summary>Closes the handle.</summary>
    public void Dispose() => Close();
}
