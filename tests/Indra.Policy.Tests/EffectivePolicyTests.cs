using Indra.Engine.Domain;
using Indra.Policy.Settings;
using Indra.Policy.Sources;

namespace Indra.Policy.Tests;

/// <summary>The merge of docs/policy.md: machine policy over the command line over the user config over the defaults.</summary>
[TestFixture]
public sealed class EffectivePolicyTests
{
    private static readonly PolicySource Machine = new(PolicySourceKind.MachinePolicy, "/etc/indra/policy.json");
    private static readonly PolicySource User = new(PolicySourceKind.UserConfig, "/home/u/.config/indra/config.json");

    private static readonly PlayerId Allowed = PlayerId.Parse("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static readonly PlayerId Other = PlayerId.Parse("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");

    [Test]
    public void Machine_policy_wins_and_each_value_names_its_source()
    {
        var machine = PolicyDocument.Parse("""{"quota": {"bytes": 500}, "allowOther": false}""", Machine);
        var user = PolicyDocument.Parse("""{"quota": {"bytes": 1000, "files": 7}, "readOnly": true, "allowOther": true}""", User);
        var commandLine = PolicyOptions.Parse(["quota.bytes=2000", "readOnly=false"]);
        var policy = EffectivePolicy.Merge(machine, user, commandLine);
        Assert.That(policy.QuotaBytes, Is.EqualTo(500));
        Assert.That(policy[PolicySettings.QuotaBytes].Source.Describe(), Is.EqualTo("machine policy (/etc/indra/policy.json)"));
        Assert.That(policy.AllowOther, Is.False);
        Assert.That(policy.ReadOnly, Is.False, "the command line over the user config");
        Assert.That(policy[PolicySettings.ReadOnly].Source.Describe(), Is.EqualTo("command line"));
        Assert.That(policy.QuotaFiles, Is.EqualTo(7));
        Assert.That(policy[PolicySettings.QuotaFiles].Source.Describe(), Is.EqualTo("user config (/home/u/.config/indra/config.json)"));
        Assert.That(policy[PolicySettings.AuditKeep].Source.Describe(), Is.EqualTo("default"));
        Assert.That(policy.Values.Select(v => v.Setting), Is.EqualTo(PolicySettings.All));
    }

    [Test]
    public void The_defaults_restrict_nothing()
    {
        var policy = EffectivePolicy.Defaults;
        Assert.That(policy.RestrictsFileSystem, Is.False);
        Assert.That(Enum.GetValues<NodeKind>().All(policy.Allows), Is.True);
        Assert.That(policy.RefuseAllowOther(), Is.Null);
        Assert.That(Enum.GetValues<AccessMode>().Select(m => policy.RefuseGrant(m, Other)), Is.All.Null);
        Assert.That(policy.AuditMaxBytes, Is.EqualTo(64L << 20));
        Assert.That(policy.AuditKeep, Is.EqualTo(5));
    }

    [Test]
    public void Sharing_obeys_modes_peers_and_the_switch()
    {
        var policy = EffectivePolicy.Merge(PolicyDocument.Parse($$"""{"sharing": {"modes": ["revocable"], "peers": ["{{Allowed}}"]}, "nodeTypes": ["file"]}""", Machine), null, null);
        Assert.That(policy.RefuseGrant(AccessMode.Revocable, Allowed), Is.Null);
        Assert.That(policy.RefuseGrant(AccessMode.Transfer, Allowed),
            Is.EqualTo("transfer grants are not permitted by machine policy (/etc/indra/policy.json) (sharing.modes: revocable)"));
        Assert.That(policy.RefusePairing(Other), Does.StartWith($"player {Other} is not one of the peers permitted by machine policy"));
        Assert.That(policy.RefuseGrant(AccessMode.Revocable, Other), Is.Not.Null);
        Assert.That(policy.Allows(NodeKind.Symlink), Is.False);
        Assert.That(policy.Allows(NodeKind.File), Is.True);
        Assert.That(policy.RestrictsFileSystem, Is.True);

        var off = EffectivePolicy.Merge(PolicyDocument.Parse("""{"sharing": {"enabled": false}}""", Machine), null, null);
        Assert.That(off.RefusePairing(Allowed), Is.EqualTo("sharing is off by machine policy (/etc/indra/policy.json) (sharing.enabled: false)"));
    }

    [Test]
    public void Locations_follow_the_environment_override_and_xdg()
    {
        var saved = (Environment.GetEnvironmentVariable(PolicyLocations.PolicyFileVariable), Environment.GetEnvironmentVariable("XDG_CONFIG_HOME"));
        try
        {
            Environment.SetEnvironmentVariable(PolicyLocations.PolicyFileVariable, null);
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", "/tmp/xdg");
            var locations = PolicyLocations.ForThisMachine();
            Assert.That(locations.MachineFile, Is.EqualTo(PolicyLocations.LinuxPolicyFile));
            Assert.That(locations.UserConfigFile, Is.EqualTo("/tmp/xdg/indra/config.json"));
            Environment.SetEnvironmentVariable(PolicyLocations.PolicyFileVariable, "/tmp/p.json");
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", "relative");
            locations = PolicyLocations.ForThisMachine();
            Assert.That(locations.MachineFile, Is.EqualTo("/tmp/p.json"));
            Assert.That(locations.UserConfigFile, Does.EndWith("/.config/indra/config.json"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(PolicyLocations.PolicyFileVariable, saved.Item1);
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", saved.Item2);
        }
    }
}
