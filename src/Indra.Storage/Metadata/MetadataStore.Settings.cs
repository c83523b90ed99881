namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    /// <summary>Reads a setting, or null when unset.</summary>
    public string? GetSetting(string key)
    {
        lock (SyncRoot)
        {
            return Bind(Command("SELECT value FROM settings WHERE key = $0"), key).ExecuteScalar() as string;
        }
    }

    /// <summary>Writes a setting.</summary>
    public void SetSetting(string key, string value)
    {
        lock (SyncRoot)
        {
            Bind(Command("INSERT INTO settings(key, value) VALUES($0, $1) ON CONFLICT(key) DO UPDATE SET value = excluded.value"), key, value).ExecuteNonQuery();
        }
    }
}
