namespace Indra.Engine.Content;

/// <summary>
/// Fills <paramref name="buffer"/> with the bytes of block <paramref name="index"/> of a staged file
/// (exactly <c>buffer.Length</c> bytes: the block's length in the new version).
/// </summary>
public delegate void BlockReader(long index, Span<byte> buffer);
