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
    public bool IsComplete()
    {
        long reached = 0;
        foreach (var (start, end) in Covered.OrderBy(r => r.Start))
        {
            if (start > reached)
            {
                return false;
            }

            reached = Math.Max(reached, end);
        }

        return reached >= Data.Length;
    }
}
