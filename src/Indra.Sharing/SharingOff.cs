using Indra.Sharing.State;

namespace Indra.Sharing;

/// <summary>
/// Why the mount daemon's sharing is off, for <c>indra status</c>: the daemon records the reason (the address is in
/// use, the player key cannot be used) in the vault's owner-only sharing database when sharing fails to start, and
/// clears it when sharing starts. Sharing being off leaves the mount running, so without this the reason was only in
/// the daemon's log.
/// </summary>
public static class SharingOff
{
    /// <summary>Setting: the reason the last mount daemon's sharing did not start, empty (or absent) when it started.</summary>
    public const string ReasonSetting = "sharing_off_reason";

    /// <summary>Records <paramref name="reason"/> (one line) as why sharing is off for the vault in <paramref name="vaultDirectory"/>.</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The sharing database cannot be written.</exception>
    public static void Record(string vaultDirectory, string reason)
    {
        using var db = SharingDatabase.Open(vaultDirectory);
        db.SetSetting(ReasonSetting, reason.ReplaceLineEndings(" "));
    }

    /// <summary>Clears the reason: sharing started.</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The sharing database cannot be written.</exception>
    public static void Clear(string vaultDirectory)
    {
        using var db = SharingDatabase.Open(vaultDirectory);
        db.SetSetting(ReasonSetting, "");
    }

    /// <summary>Why the last mount daemon's sharing is off, or null when it started (or no daemon has run).</summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The sharing database cannot be read.</exception>
    public static string? Reason(string vaultDirectory)
    {
        if (!File.Exists(SharingLayout.Database(vaultDirectory))) return null;
        using var db = SharingDatabase.Open(vaultDirectory);
        var reason = db.GetSetting(ReasonSetting);
        return string.IsNullOrEmpty(reason) ? null : reason;
    }
}
