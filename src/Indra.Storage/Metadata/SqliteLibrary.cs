using SQLitePCL;

namespace Indra.Storage.Metadata;

/// <summary>
/// Loads the bundled SQLite (<c>e_sqlite3</c>) and sets its process-wide configuration, which SQLite only accepts
/// before it initializes (the first connection opened, or <c>sqlite3_initialize</c>): memory statistics off
/// (<c>SQLITE_CONFIG_MEMSTATUS</c> 0). With statistics on, every allocation SQLite makes takes a global mutex to count
/// it (sqlite.org, "Configuration options": SQLITE_CONFIG_MEMSTATUS); nothing here reads them
/// (<c>sqlite3_memory_used</c>, <c>sqlite3_soft_heap_limit64</c>).
/// </summary>
internal static class SqliteLibrary
{
    private static readonly object Gate = new();
    private static bool _loaded;

    /// <summary>
    /// The result of the configuration call: SQLITE_OK (0), or SQLITE_MISUSE (21) when SQLite had initialized before
    /// this ran (a connection opened by other code first); SQLite then keeps its defaults, which are correct, only slower.
    /// </summary>
    public static int ConfigResult { get; private set; } = -1;

    /// <summary>Loads and configures SQLite once per process; later calls return at once. Call before opening a connection.</summary>
    public static void Load()
    {
        lock (Gate)
        {
            if (_loaded) return;
            Batteries_V2.Init();
            ConfigResult = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
            _loaded = true;
        }
    }
}
