using Indra.Engine.Domain;
using Indra.Policy.Settings;
using Indra.Policy.Sources;

namespace Indra.Policy;

/// <summary>
/// The settings in force: for each, the machine policy's value when it sets one, else the command line's, else the
/// user config's, else the default (docs/policy.md). Each value knows its source, for <c>indra policy</c> and for the
/// lines that refuse something in the policy's name.
/// </summary>
public sealed class EffectivePolicy
{
    private readonly Dictionary<PolicySetting, EffectiveValue> _values;

    private EffectivePolicy(Dictionary<PolicySetting, EffectiveValue> values) => _values = values;

    /// <summary>Every setting at its default.</summary>
    public static EffectivePolicy Defaults { get; } = Merge(null, null, null);

    /// <summary>Merges the layers: machine policy over command line over user config over the defaults.</summary>
    public static EffectivePolicy Merge(PolicyLayer? machine, PolicyLayer? user, PolicyLayer? commandLine)
    {
        var values = new Dictionary<PolicySetting, EffectiveValue>();
        foreach (var setting in PolicySettings.All)
        {
            var from = new[] { machine, commandLine, user }.FirstOrDefault(l => l is not null && l.Values.ContainsKey(setting));
            values[setting] = from is null
                ? new EffectiveValue(setting, setting.Default, PolicySource.Defaults)
                : new EffectiveValue(setting, from.Values[setting], from.Source);
        }
        return new EffectivePolicy(values);
    }

    /// <summary>Reads the machine policy and the user config at <paramref name="locations"/> and merges them with
    /// the command line's <paramref name="options"/> (<c>SETTING=VALUE</c>).</summary>
    /// <exception cref="PolicyException">A source is invalid: its one line.</exception>
    public static EffectivePolicy Load(PolicyLocations locations, IReadOnlyList<string>? options = null)
    {
        var machine = locations.ReadMachine();
        var user = locations.ReadUser();
        var commandLine = options is { Count: > 0 } ? PolicyOptions.Parse(options) : null;
        return Merge(machine, user, commandLine);
    }

    /// <summary>This machine's policy and this user's config (<see cref="PolicyLocations.ForThisMachine"/>), no command line.</summary>
    /// <exception cref="PolicyException">A source is invalid.</exception>
    public static EffectivePolicy ForThisMachine() => Load(PolicyLocations.ForThisMachine());

    /// <summary>Every setting's value and source, in <see cref="PolicySettings.All"/> order.</summary>
    public IReadOnlyList<EffectiveValue> Values => PolicySettings.All.Select(s => _values[s]).ToList();

    /// <summary>The value and source of <paramref name="setting"/>.</summary>
    public EffectiveValue this[PolicySetting setting] => _values[setting];

    private long Number(PolicySetting setting) => (long)_values[setting].Value;

    private bool Flag(PolicySetting setting) => (bool)_values[setting].Value;

    private IReadOnlyList<string> List(PolicySetting setting) => (IReadOnlyList<string>)_values[setting].Value;

    /// <summary>Most bytes of file content in the vault; 0 = none.</summary>
    public long QuotaBytes => Number(PolicySettings.QuotaBytes);

    /// <summary>Most nodes in the vault; 0 = none.</summary>
    public long QuotaFiles => Number(PolicySettings.QuotaFiles);

    /// <summary>Most bytes one peer may place in the vault; 0 = none.</summary>
    public long PeerQuotaBytes => Number(PolicySettings.PeerQuotaBytes);

    /// <summary>Most entries one peer may place in the vault; 0 = none.</summary>
    public long PeerQuotaFiles => Number(PolicySettings.PeerQuotaFiles);

    /// <summary>The vault mounts read-only.</summary>
    public bool ReadOnly => Flag(PolicySettings.ReadOnly);

    /// <summary>Largest file in bytes; 0 = the filesystem's own limit.</summary>
    public long MaxFileSize => Number(PolicySettings.MaxFileSize);

    /// <summary>Whether the vault shares with peers at all.</summary>
    public bool SharingEnabled => Flag(PolicySettings.SharingEnabled);

    /// <summary>Whether <c>indra mount --allow-other</c> is permitted.</summary>
    public bool AllowOther => Flag(PolicySettings.AllowOther);

    /// <summary>Whether changes are written to the audit trail.</summary>
    public bool AuditEnabled => Flag(PolicySettings.AuditEnabled);

    /// <summary>Size in bytes at which the audit file is rotated.</summary>
    public long AuditMaxBytes => Number(PolicySettings.AuditMaxBytes);

    /// <summary>Rotated audit files kept.</summary>
    public int AuditKeep => (int)Number(PolicySettings.AuditKeep);

    /// <summary>True when some setting restricts the vault filesystem (quota, read-only, node types, file size, audit),
    /// so the composition root wraps it in policy layers.</summary>
    public bool RestrictsFileSystem =>
        QuotaBytes > 0 || QuotaFiles > 0 || ReadOnly || MaxFileSize > 0 || AuditEnabled || List(PolicySettings.NodeTypes).Count < PolicySettings.NodeTypeNames.Count;

    /// <summary>Whether nodes of <paramref name="kind"/> may be created (<c>nodeTypes</c>).</summary>
    public bool Allows(NodeKind kind) => List(PolicySettings.NodeTypes).Contains(NodeTypeName(kind), StringComparer.Ordinal);

    /// <summary>The <c>nodeTypes</c> name of <paramref name="kind"/>.</summary>
    public static string NodeTypeName(NodeKind kind) => kind switch
    {
        NodeKind.File => "file",
        NodeKind.Directory => "directory",
        NodeKind.Symlink => "symlink",
        NodeKind.Fifo => "fifo",
        NodeKind.Socket => "socket",
        NodeKind.CharacterDevice => "chardev",
        _ => "blockdev",
    };

    /// <summary>Why <c>--allow-other</c> may not be used, or null when it may.</summary>
    public string? RefuseAllowOther() => AllowOther ? null : $"--allow-other is not permitted by {this[PolicySettings.AllowOther].Source.Describe()} (allowOther: false)";

    /// <summary>Why pairing with player <paramref name="player"/> is refused (sharing off, or not in
    /// <c>sharing.peers</c>), or null when it is permitted.</summary>
    public string? RefusePairing(PlayerId player)
    {
        if (!SharingEnabled) return $"sharing is off by {this[PolicySettings.SharingEnabled].Source.Describe()} (sharing.enabled: false)";
        var peers = List(PolicySettings.SharingPeers);
        var hex = player.ToString().ToLowerInvariant();
        return peers.Count == 0 || peers.Contains(hex, StringComparer.Ordinal)
            ? null
            : $"player {hex} is not one of the peers permitted by {this[PolicySettings.SharingPeers].Source.Describe()} (sharing.peers)";
    }

    /// <summary>Why a grant of <paramref name="mode"/> to player <paramref name="player"/> is refused, or null when
    /// it is permitted (<c>sharing.enabled</c>, <c>sharing.modes</c>, <c>sharing.peers</c>).</summary>
    public string? RefuseGrant(AccessMode mode, PlayerId player)
    {
        if (RefusePairing(player) is { } refused) return refused;
        var modes = List(PolicySettings.SharingModes);
        var name = mode.ToString().ToLowerInvariant();
        return modes.Contains(name, StringComparer.Ordinal)
            ? null
            : $"{name} grants are not permitted by {this[PolicySettings.SharingModes].Source.Describe()} (sharing.modes: {PolicySettings.SharingModes.Format(modes)})";
    }
}
