using System.Runtime.CompilerServices;

namespace Indra.Hashing;

/// <summary>Eight 32-bit words: a key or a chaining value held in native word order.</summary>
[InlineArray(8)]
internal struct CvWords
{
    private uint _element0;
}

/// <summary>One 64-byte compression block.</summary>
[InlineArray(Blake3Constants.BlockLen)]
internal struct BlockBuffer
{
    private byte _element0;
}
