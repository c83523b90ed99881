using System.Globalization;

namespace Indra.Engine.Vaults;

/// <summary>
/// The progress lines of <see cref="MetadataBackup"/>: <c>VERB: step N/TOTAL WHAT (BYTES bytes)</c>, the shape of the
/// other maintenance verbs' lines (<c>fsck: blocks 1000/5000 ...</c>), so the CLI draws them as a bar on a terminal and
/// prints them as they come otherwise.
/// </summary>
internal static class BackupProgress
{
    /// <summary>Tells <paramref name="progress"/> (when not null) that step <paramref name="step"/> of <paramref name="steps"/> ended.</summary>
    /// <param name="progress">Where lines go, or null.</param>
    /// <param name="verb">"backup" or "restore".</param>
    /// <param name="step">The step that ended, from 1.</param>
    /// <param name="steps">How many steps the work has.</param>
    /// <param name="what">What the step did.</param>
    /// <param name="bytes">The bytes it moved, or null.</param>
    internal static void Step(Action<string>? progress, string verb, int step, int steps, string what, long? bytes) =>
        progress?.Invoke($"{verb}: step {step}/{steps} {what}" + (bytes is { } b ? $" ({b.ToString("N0", CultureInfo.InvariantCulture)} bytes)" : ""));
}
