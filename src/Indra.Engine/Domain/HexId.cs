using Indra.Hashing;

namespace Indra.Engine.Domain;

/// <summary>
/// The one parser behind the typed ids (<see cref="ArtifactId"/>, <see cref="PlayerId"/>, <see cref="BlockHash"/>):
/// exactly 64 hexadecimal characters, as <c>b3sum</c> prints them (either case is accepted; output is lowercase).
/// </summary>
internal static class HexId
{
    /// <summary>Parses <paramref name="hex"/> or throws a <see cref="FormatException"/> naming <paramref name="what"/>.</summary>
    internal static Blake3Hash Parse(ReadOnlySpan<char> hex, string what) =>
        Blake3Hash.TryParse(hex, out var hash)
            ? hash
            : throw new FormatException($"{what} is exactly {Blake3Hash.HexLength} hexadecimal characters; got \"{hex}\".");
}
