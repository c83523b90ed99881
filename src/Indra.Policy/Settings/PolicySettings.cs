namespace Indra.Policy.Settings;

/// <summary>Every setting of docs/policy.md, with the names, types, ranges and defaults written there.</summary>
public static class PolicySettings
{
    /// <summary>Node types <c>nodeTypes</c> may name.</summary>
    public static readonly IReadOnlyList<string> NodeTypeNames = ["file", "directory", "symlink", "fifo", "socket", "chardev", "blockdev"];

    /// <summary>Grant modes <c>sharing.modes</c> may name.</summary>
    public static readonly IReadOnlyList<string> SharingModeNames = ["revocable", "permanent", "timed", "transfer"];

    /// <summary>Default audit file size at which it is rotated: 64 MiB.</summary>
    public const long DefaultAuditMaxBytes = 64L << 20;

    /// <summary><c>quota.bytes</c>: most bytes of file content in the vault; 0 = none.</summary>
    public static readonly PolicySetting QuotaBytes = new("quota.bytes", "QuotaBytes", SettingKind.Bytes, 0L);

    /// <summary><c>quota.files</c>: most files, folders and special files in the vault; 0 = none.</summary>
    public static readonly PolicySetting QuotaFiles = new("quota.files", "QuotaFiles", SettingKind.Count, 0L);

    /// <summary><c>quota.peerBytes</c>: most bytes any one peer may place in the vault; 0 = none.</summary>
    public static readonly PolicySetting PeerQuotaBytes = new("quota.peerBytes", "PeerQuotaBytes", SettingKind.Bytes, 0L);

    /// <summary><c>quota.peerFiles</c>: most entries any one peer may place in the vault; 0 = none.</summary>
    public static readonly PolicySetting PeerQuotaFiles = new("quota.peerFiles", "PeerQuotaFiles", SettingKind.Count, 0L);

    /// <summary><c>readOnly</c>: the vault mounts read-only.</summary>
    public static readonly PolicySetting ReadOnly = new("readOnly", "ReadOnly", SettingKind.Flag, false);

    /// <summary><c>nodeTypes</c>: kinds of node that may be created.</summary>
    public static readonly PolicySetting NodeTypes = new("nodeTypes", "NodeTypes", SettingKind.Names, NodeTypeNames, names: NodeTypeNames);

    /// <summary><c>maxFileSize</c>: largest file in bytes; 0 = ext4's limit.</summary>
    public static readonly PolicySetting MaxFileSize = new("maxFileSize", "MaxFileSize", SettingKind.Bytes, 0L);

    /// <summary><c>sharing.enabled</c>: whether the vault shares with peers at all.</summary>
    public static readonly PolicySetting SharingEnabled = new("sharing.enabled", "SharingEnabled", SettingKind.Flag, true);

    /// <summary><c>sharing.modes</c>: grant modes <c>indra share</c> may use.</summary>
    public static readonly PolicySetting SharingModes = new("sharing.modes", "SharingModes", SettingKind.Names, SharingModeNames, names: SharingModeNames);

    /// <summary><c>sharing.peers</c>: the only players the vault may pair with and grant to; empty = any.</summary>
    public static readonly PolicySetting SharingPeers = new("sharing.peers", "SharingPeers", SettingKind.PlayerIds, Array.Empty<string>());

    /// <summary><c>allowOther</c>: whether <c>indra mount --allow-other</c> is permitted.</summary>
    public static readonly PolicySetting AllowOther = new("allowOther", "AllowOther", SettingKind.Flag, true);

    /// <summary><c>audit.enabled</c>: append a JSONL line per change to the audit trail.</summary>
    public static readonly PolicySetting AuditEnabled = new("audit.enabled", "AuditEnabled", SettingKind.Flag, false);

    /// <summary><c>audit.maxBytes</c>: size in bytes at which the audit file is rotated (at least 4 KiB).</summary>
    public static readonly PolicySetting AuditMaxBytes = new("audit.maxBytes", "AuditMaxBytes", SettingKind.Bytes, DefaultAuditMaxBytes, minimum: 4096);

    /// <summary><c>audit.keep</c>: rotated audit files kept (0 to 100).</summary>
    public static readonly PolicySetting AuditKeep = new("audit.keep", "AuditKeep", SettingKind.Count, 5L, maximum: 100);

    /// <summary>Every setting, in the order of docs/policy.md's table (and of <c>indra policy</c>).</summary>
    public static readonly IReadOnlyList<PolicySetting> All =
    [
        QuotaBytes, QuotaFiles, PeerQuotaBytes, PeerQuotaFiles, ReadOnly, NodeTypes, MaxFileSize,
        SharingEnabled, SharingModes, SharingPeers, AllowOther, AuditEnabled, AuditMaxBytes, AuditKeep,
    ];

    /// <summary>The setting at JSON path <paramref name="path"/>, or null.</summary>
    public static PolicySetting? ByPath(string path) => All.FirstOrDefault(s => s.Path == path);

    /// <summary>The setting stored as registry value <paramref name="name"/> (case-insensitive, as registry names are), or null.</summary>
    public static PolicySetting? ByRegistryValue(string name) => All.FirstOrDefault(s => string.Equals(s.RegistryValue, name, StringComparison.OrdinalIgnoreCase));
}
