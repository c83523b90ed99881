using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Indra.FileSystem.Staging;

/// <summary>
/// Encryption of one spilled staging file of an encrypted vault (docs/encryption.md, "Staging"): AES-256 in counter
/// mode (NIST SP 800-38A §6.5; the keystream of 16-byte unit <c>i</c> is AES(key, <c>i</c> as 16 little-endian bytes))
/// under a random key made for this file alone and held only in memory, so any byte range can be read or written in
/// place and nothing in the file can be read once the process has let go of the key (staged bytes never outlive the
/// process: the file is deleted on close, and the staging folder is emptied at every open of the vault).
/// Confidentiality only: the bytes are hashed into blocks at commit, and the blocks are sealed and authenticated.
/// The file is kept in whole 16-byte units: a unit is either all zeros on disk (never written, a hole: it reads as
/// zeros) or encrypted whole, so a write that covers part of a unit decrypts the unit, merges and encrypts it again.
/// Bytes past the logical length inside the last unit are kept as encrypted zeros, so growing the file reads zeros
/// there. (A written unit whose ciphertext happens to be all zeros would read as zeros: a 2^-128 chance per unit.)
/// Offsets and lengths are bytes. Not thread-safe, like the <see cref="StagingBuffer"/> that owns it.
/// </summary>
internal sealed class SealedSpill : IDisposable
{
    private const int Unit = 16;

    private readonly Aes _aes = Aes.Create();

    public SealedSpill()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        _aes.Key = key;
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>The logical length of the file in bytes (the file on disk is this rounded up to a whole unit).</summary>
    public long Length { get; private set; }

    /// <summary>Reads plain bytes from <paramref name="offset"/>; fewer than asked only at the end of the file.</summary>
    public int Read(SafeFileHandle file, Span<byte> target, long offset)
    {
        if (offset >= Length) return 0;
        var n = (int)Math.Min(target.Length, Length - offset);
        var start = offset & ~(Unit - 1L);
        var end = RoundUp(offset + n);
        var length = (int)(end - start);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            ReadPlain(file, buffer, start);
            buffer.Slice((int)(offset - start), n).CopyTo(target);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>, growing the file when it ends past it.</summary>
    public void Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        if (data.IsEmpty) return;
        var start = offset & ~(Unit - 1L);
        var end = RoundUp(offset + data.Length);
        var length = (int)(end - start);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            var head = (int)(offset - start);
            var tail = (int)(end - offset - data.Length);
            // Partly covered units keep their other bytes: read (and decrypt) them first.
            if (head > 0) ReadPlain(file, buffer[..Unit], start);
            if (tail > 0 && (head == 0 || length > Unit)) ReadPlain(file, buffer[^Unit..], end - Unit);
            data.CopyTo(buffer[head..]);
            Crypt(buffer, start, skipZeroUnits: false);
            RandomAccess.Write(file, buffer, start);
            Length = Math.Max(Length, offset + data.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>Sets the logical length: shrinking keeps the cut unit's bytes past the end as encrypted zeros; growing adds a hole.</summary>
    public void SetLength(SafeFileHandle file, long length)
    {
        if (length < Length && length % Unit != 0)
        {
            Span<byte> unit = stackalloc byte[Unit];
            var start = length & ~(Unit - 1L);
            ReadPlain(file, unit, start);
            unit[(int)(length - start)..].Clear();
            Crypt(unit, start, skipZeroUnits: false);
            RandomAccess.Write(file, unit, start);
        }
        RandomAccess.SetLength(file, RoundUp(length));
        Length = length;
    }

    /// <summary>Forgets the key.</summary>
    public void Dispose() => _aes.Dispose();

    private static long RoundUp(long value) => (value + Unit - 1) & ~(Unit - 1L);

    /// <summary>Reads whole units at <paramref name="start"/> (unit-aligned) and decrypts them; past the end of the file and in holes, zeros.</summary>
    private void ReadPlain(SafeFileHandle file, Span<byte> buffer, long start)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = RandomAccess.Read(file, buffer[got..], start + got);
            if (n == 0) break;
            got += n;
        }
        buffer[got..].Clear();
        Crypt(buffer, start, skipZeroUnits: true);
    }

    /// <summary>XORs <paramref name="buffer"/> (whole units starting at unit-aligned <paramref name="start"/>) with the keystream; with <paramref name="skipZeroUnits"/>, all-zero units (holes) are left as zeros.</summary>
    private void Crypt(Span<byte> buffer, long start, bool skipZeroUnits)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var stream = rented.AsSpan(0, buffer.Length);
            var first = (ulong)(start / Unit);
            for (var i = 0; i < stream.Length; i += Unit)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(stream[i..], first + (ulong)(i / Unit));
                BinaryPrimitives.WriteUInt64LittleEndian(stream[(i + 8)..], 0);
            }
            _aes.EncryptEcb(stream, stream, PaddingMode.None);
            for (var i = 0; i < buffer.Length; i += Unit)
            {
                var unit = MemoryMarshal.Read<Vector128<byte>>(buffer[i..]);
                if (skipZeroUnits && unit == Vector128<byte>.Zero) continue;
                MemoryMarshal.Write(buffer[i..], unit ^ MemoryMarshal.Read<Vector128<byte>>(stream[i..]));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }
}
