using System.Runtime.InteropServices;
using System.Text;
using Indra.FileSystem;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// Converts between the kernel's NUL-terminated byte names and the contract's strings, losslessly for any bytes
/// (<see cref="NameBytes"/>: bytes that are not valid UTF-8 travel as escape characters).
/// </summary>
internal static unsafe class Utf8Names
{
    /// <summary>Decodes a NUL-terminated name (every byte string has a string).</summary>
    public static string Decode(byte* name) => NameBytes.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name));

    /// <summary>Upper bound of the bytes <see cref="Encode"/> writes for <paramref name="value"/>, terminator included.</summary>
    public static int MaxEncodedLength(string value) => Encoding.UTF8.GetMaxByteCount(value.Length) + 1;

    /// <summary>Writes <paramref name="value"/> as UTF-8 plus a NUL into <paramref name="destination"/>; returns the byte count without the NUL.</summary>
    public static int Encode(string value, Span<byte> destination)
    {
        int length = NameBytes.Encode(value, destination);
        destination[length] = 0;
        return length;
    }

    /// <summary>Allocates a NUL-terminated UTF-8 copy with <see cref="NativeMemory"/>; free it with <see cref="NativeMemory.Free"/>.</summary>
    public static byte* Allocate(string value)
    {
        int max = MaxEncodedLength(value);
        var memory = (byte*)NativeMemory.Alloc((nuint)max);
        Encode(value, new Span<byte>(memory, max));
        return memory;
    }
}
