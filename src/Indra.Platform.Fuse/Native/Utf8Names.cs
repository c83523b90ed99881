using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// Converts between the kernel's NUL-terminated byte names and the contract's strings. Names that are not valid
/// UTF-8 cannot be represented as a <see cref="string"/> without loss, so they are refused instead of being mangled.
/// </summary>
internal static unsafe class Utf8Names
{
    /// <summary>Decodes a NUL-terminated UTF-8 name; false when the bytes are not valid UTF-8.</summary>
    public static bool TryDecode(byte* name, out string value)
    {
        var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name);
        if (!Utf8.IsValid(bytes))
        {
            value = string.Empty;
            return false;
        }
        value = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>Upper bound of the bytes <see cref="Encode"/> writes for <paramref name="value"/>, terminator included.</summary>
    public static int MaxEncodedLength(string value) => Encoding.UTF8.GetMaxByteCount(value.Length) + 1;

    /// <summary>Writes <paramref name="value"/> as UTF-8 plus a NUL into <paramref name="destination"/>; returns the byte count without the NUL.</summary>
    public static int Encode(string value, Span<byte> destination)
    {
        int length = Encoding.UTF8.GetBytes(value, destination);
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
