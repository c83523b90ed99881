using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Indra.Policy.Audit;

/// <summary>
/// The append-only audit trail of a vault: <c>VAULT/audit/audit.jsonl</c>, one JSON object per line (<c>at</c> UTC,
/// <c>uid</c>, <c>process</c>, <c>pid</c>, <c>op</c>, <c>path</c>, <c>artifact</c>, and <c>detail</c> when there is
/// one), owner-only (folder 0700, files 0600). When the file reaches <see cref="MaxBytes"/> it is rotated to
/// <c>audit.jsonl.1</c> (older ones move up to <c>.N</c>; beyond <see cref="Keep"/> they are deleted). The mount daemon
/// and the CLI's sharing verbs append to the same file; each line goes out in one append write, so lines from
/// several processes never interleave.
/// </summary>
public sealed class AuditTrail
{
    /// <summary>The trail's folder inside the vault directory.</summary>
    public const string FolderName = "audit";

    /// <summary>The current file's name.</summary>
    public const string FileName = "audit.jsonl";

    private readonly object _lock = new();

    /// <summary>A trail in <paramref name="vaultDirectory"/>, rotated at <paramref name="maxBytes"/> keeping <paramref name="keep"/> old files.</summary>
    public AuditTrail(string vaultDirectory, long maxBytes, int keep)
    {
        Folder = System.IO.Path.Combine(vaultDirectory, FolderName);
        Path = System.IO.Path.Combine(Folder, FileName);
        MaxBytes = maxBytes;
        Keep = keep;
    }

    /// <summary>The trail of <paramref name="vaultDirectory"/> when <paramref name="policy"/> turns auditing on, else null.</summary>
    public static AuditTrail? For(string vaultDirectory, EffectivePolicy policy) =>
        policy.AuditEnabled ? new AuditTrail(vaultDirectory, policy.AuditMaxBytes, policy.AuditKeep) : null;

    /// <summary>The trail's folder.</summary>
    public string Folder { get; }

    /// <summary>The current file.</summary>
    public string Path { get; }

    /// <summary>Size in bytes at which the current file is rotated.</summary>
    public long MaxBytes { get; }

    /// <summary>Rotated files kept.</summary>
    public int Keep { get; }

    /// <summary>Appends <paramref name="record"/>, rotating first when the file has reached <see cref="MaxBytes"/>.</summary>
    /// <exception cref="IOException">The file cannot be written (also UnauthorizedAccessException).</exception>
    public void Append(AuditRecord record)
    {
        var line = Line(record);
        lock (_lock)
        {
            EnsureFolder();
            if (File.Exists(Path) && new FileInfo(Path).Length >= MaxBytes) Rotate();
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(Path, options);
            stream.Write(line);
        }
    }

    /// <summary>The JSONL line of <paramref name="record"/>, newline included.</summary>
    public static byte[] Line(AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", record.AtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("uid", record.Uid);
            json.WriteString("process", record.Process);
            json.WriteNumber("pid", record.Pid);
            json.WriteString("op", record.Operation);
            json.WriteString("path", record.Path);
            json.WriteString("artifact", record.Artifact);
            if (record.Detail is not null) json.WriteString("detail", record.Detail);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The newest whole lines of the current file that fit in <paramref name="maxBytes"/> (what
    /// <c>/.indra/audit.log</c> shows); empty when there is no file.</summary>
    public string Tail(int maxBytes)
    {
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, stream.Length - maxBytes);
            stream.Seek(start, SeekOrigin.Begin);
            var bytes = new byte[stream.Length - start];
            stream.ReadExactly(bytes);
            var from = start == 0 ? 0 : Array.IndexOf(bytes, (byte)'\n') + 1;
            return Encoding.UTF8.GetString(bytes, from, bytes.Length - from);
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            return "";
        }
    }

    private void EnsureFolder()
    {
        if (Directory.Exists(Folder)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(Folder);
        else Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>audit.jsonl.(N-1) → .N down to audit.jsonl → .1; the oldest beyond <see cref="Keep"/> is deleted.</summary>
    private void Rotate()
    {
        if (Keep == 0)
        {
            File.Delete(Path);
            return;
        }
        File.Delete($"{Path}.{Keep.ToString(CultureInfo.InvariantCulture)}");
        for (var i = Keep - 1; i >= 1; i--)
        {
            var from = $"{Path}.{i.ToString(CultureInfo.InvariantCulture)}";
            if (File.Exists(from)) File.Move(from, $"{Path}.{(i + 1).ToString(CultureInfo.InvariantCulture)}", overwrite: true);
        }
        File.Move(Path, Path + ".1", overwrite: true);
    }
}
