using Indra.FileSystem;

namespace Indra.Platform.Fuse.Errors;

/// <summary>
/// One platform's numbers for the portable <see cref="Errno"/>, both ways. Built by <see cref="ErrnoTables"/>.
/// </summary>
internal sealed class ErrnoTable
{
    private readonly int[] _numbers;
    private readonly Dictionary<int, Errno> _members = [];

    /// <summary>
    /// A table from <paramref name="rows"/> (every member with its number) and <paramref name="alsoReadAs"/> (further
    /// numbers that <see cref="FromNative"/> reads as a member, e.g. a second number of the same meaning).
    /// </summary>
    /// <exception cref="ArgumentException">A member without a number, or a number given twice.</exception>
    public ErrnoTable(string platform, IEnumerable<(Errno Member, int Number)> rows, IEnumerable<(int Number, Errno Member)> alsoReadAs)
    {
        Platform = platform;
        var members = Enum.GetValues<Errno>();
        _numbers = new int[members.Max(member => (int)member) + 1];
        Array.Fill(_numbers, -1);
        foreach (var (member, number) in rows)
        {
            _numbers[(int)member] = number;
            _members.Add(number, member);
        }
        foreach (var (number, member) in alsoReadAs)
        {
            _members.Add(number, member);
        }
        if (members.FirstOrDefault(member => _numbers[(int)member] < 0) is var missing && _numbers[(int)missing] < 0)
        {
            throw new ArgumentException($"{platform}: no number for {missing}", nameof(rows));
        }
    }

    /// <summary>The platform's name ("Linux", "Darwin").</summary>
    public string Platform { get; }

    /// <summary>The platform's positive number for <paramref name="errno"/>; 0 for <see cref="Errno.None"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errno"/> is not a member of the enum.</exception>
    public int ToNative(Errno errno) =>
        (uint)errno < (uint)_numbers.Length && _numbers[(int)errno] >= 0
            ? _numbers[(int)errno]
            : throw new ArgumentOutOfRangeException(nameof(errno), errno, "not a member of Errno");

    /// <summary>
    /// The member for the platform's <paramref name="number"/> (positive, as <c>errno</c> holds it; negate libfuse's
    /// <c>-errno</c> results first), or null for a number the enum does not name.
    /// </summary>
    public Errno? FromNative(int number) => _members.TryGetValue(number, out var member) ? member : null;
}
