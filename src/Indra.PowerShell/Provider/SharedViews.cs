namespace Indra.PowerShell.Provider;

/// <summary>The names of the read-only shared views at a drive's root: what peers and realms share with this vault.</summary>
internal static class SharedViews
{
    /// <summary>peers\NAME: what the paired peer NAME shares.</summary>
    internal const string Peers = "peers";

    /// <summary>realms\R: what is shared with realm R.</summary>
    internal const string Realms = "realms";
}
