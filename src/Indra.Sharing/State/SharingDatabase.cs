using System.Buffers.Binary;
using System.Globalization;
using Indra.Engine.Domain;
using Indra.Hashing;
using Microsoft.Data.Sqlite;

namespace Indra.Sharing.State;

/// <summary>
/// The sharing state of one vault in <c>VAULT/sharing/sharing.db</c> (SQLite, WAL, owner-only): peers, grants,
/// realms, received entries, peer contact and attention. The CLI and the running daemon each open their own
/// connection; the daemon notices the CLI's commits through <see cref="DataVersion"/>. One connection per instance,
/// serialized by a lock, so an instance is thread-safe.
/// </summary>
public sealed partial class SharingDatabase : IDisposable
{
    /// <summary>Setting: the address the peer endpoint listens on.</summary>
    public const string ListenAddressSetting = "listen_address";
    /// <summary>Setting: the configured port of the peer endpoint.</summary>
    public const string ListenPortSetting = "listen_port";
    /// <summary>Setting: the endpoint put into invites ("host:port"), written by the running service.</summary>
    public const string AdvertisedEndpointSetting = "advertised_endpoint";

    private readonly SqliteConnection _connection;
    private readonly object _lock = new();
    private SqliteTransaction? _current;

    static SharingDatabase() => SQLitePCL.Batteries_V2.Init();

    private SharingDatabase(SqliteConnection connection, string vaultDirectory)
    {
        _connection = connection;
        VaultDirectory = vaultDirectory;
    }

    /// <summary>The vault directory this database belongs to.</summary>
    public string VaultDirectory { get; }

    /// <summary>Opens (creating with owner-only permissions if needed) the sharing database of a vault.</summary>
    /// <param name="vaultDirectory">The vault directory.</param>
    /// <exception cref="SqliteException">The file is not a usable database.</exception>
    public static SharingDatabase Open(string vaultDirectory)
    {
        SharingLayout.EnsureFolder(vaultDirectory);
        var path = SharingLayout.Database(vaultDirectory);
        if (!File.Exists(path) && !OperatingSystem.IsWindows())
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = SharingLayout.OwnerOnlyFile };
            try
            {
                using var created = new FileStream(path, options);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: it made it with the same permissions.
            }
        }
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var db = new SharingDatabase(connection, vaultDirectory);
        db.Execute("PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        db.Migrate();
        db.Execute(OffersSchema);
        return db;
    }

    /// <summary>A number that changes whenever another connection commits (SQLite <c>PRAGMA data_version</c>).</summary>
    public long DataVersion()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA data_version;";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Reads a setting, or null.</summary>
    public string? GetSetting(string key) => Scalar<string>("SELECT value FROM settings WHERE key = $0", key);

    /// <summary>Writes a setting.</summary>
    public void SetSetting(string key, string value) =>
        Execute("INSERT INTO settings(key, value) VALUES($0, $1) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);

    /// <summary>Runs <paramref name="work"/> in one transaction (a call inside another joins the outer one).</summary>
    public void InTransaction(Action work)
    {
        lock (_lock)
        {
            if (_current is not null)
            {
                work();
                return;
            }
            using var transaction = _connection.BeginTransaction();
            _current = transaction;
            try
            {
                work();
                transaction.Commit();
            }
            finally
            {
                _current = null;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private SqliteCommand Command(string sql, object?[] args)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _current;
        for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue("$" + i.ToString(CultureInfo.InvariantCulture), args[i] ?? DBNull.Value);
        return command;
    }

    private int Execute(string sql, params object?[] args)
    {
        lock (_lock)
        {
            using var command = Command(sql, args);
            return command.ExecuteNonQuery();
        }
    }

    private T? Scalar<T>(string sql, params object?[] args)
    {
        lock (_lock)
        {
            using var command = Command(sql, args);
            var value = command.ExecuteScalar();
            return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
        }
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params object?[] args)
    {
        lock (_lock)
        {
            using var command = Command(sql, args);
            using var reader = command.ExecuteReader();
            var list = new List<T>();
            while (reader.Read()) list.Add(read(reader));
            return list;
        }
    }

    private static string Hex(Blake3Hash hash) => hash.ToString();

    private static string Hex(PlayerId player) => player.ToString();

    internal static byte[] EncodeBlocks(IReadOnlyList<BlockRef> blocks)
    {
        var bytes = new byte[blocks.Count * 36];
        for (var i = 0; i < blocks.Count; i++)
        {
            blocks[i].Hash.Hash.CopyTo(bytes.AsSpan(i * 36, 32));
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 36 + 32, 4), blocks[i].Size);
        }
        return bytes;
    }

    internal static BlockRef[] DecodeBlocks(byte[] bytes)
    {
        var blocks = new BlockRef[bytes.Length / 36];
        for (var i = 0; i < blocks.Length; i++)
            blocks[i] = new BlockRef(new BlockHash(bytes.AsSpan(i * 36, 32)), BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 36 + 32, 4)));
        return blocks;
    }
}
