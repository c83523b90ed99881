namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>An in-flight GetFileData: the bytes the provider has written so far.</summary>
internal sealed class Hydration(EmulatedItem item, EmulatedFileHandle handle, long length)
{
    public EmulatedItem Item { get; } = item;

    public EmulatedFileHandle Handle { get; } = handle;

    public byte[] Data { get; } = new byte[length];

    public List<(long Start, long End)> Covered { get; } = [];

    public int Writes { get; set; }

    public bool CloseHandleAfterFirstWrite { get; init; }

    public bool HandleGone { get; set; }

    /// <summary>True when the written ranges cover [0, length).</summary>
    public bool IsComplete() => Covers(0, Data.Length);

    /// <summary>True when the written ranges cover [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool Covers(long from, long to)
    {
        var reached = from;
        foreach (var (start, end) in Covered.OrderBy(r => r.Start))
        {
            if (reached >= to)
            {
                break;
            }

            if (end <= reached)
            {
                continue;
            }

            if (start > reached)
            {
                return false;
            }

            reached = end;
        }

        return reached >= to;
    }
}
