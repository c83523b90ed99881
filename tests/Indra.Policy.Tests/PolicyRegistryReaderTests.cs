using Indra.Policy.Settings;
using Indra.Policy.Sources;

namespace Indra.Policy.Tests;

/// <summary>Machine policy from HKLM\SOFTWARE\Policies\Indra, through a registry that holds the values in memory.</summary>
[TestFixture]
public sealed class PolicyRegistryReaderTests
{
    [Test]
    public void No_key_is_no_machine_policy() => Assert.That(PolicyRegistryReader.Read(new FakePolicyRegistry(null)), Is.Null);

    [Test]
    public void Every_setting_reads_from_its_documented_value_and_type()
    {
        var layer = PolicyRegistryReader.Read(new FakePolicyRegistry(
        [
            new("QuotaBytes", PolicyRegistryType.QWord, 107374182400L),
            new("QuotaFiles", PolicyRegistryType.DWord, 1000),
            new("PeerQuotaBytes", PolicyRegistryType.QWord, 10L),
            new("PeerQuotaFiles", PolicyRegistryType.QWord, 11L),
            new("ReadOnly", PolicyRegistryType.DWord, 1),
            new("NodeTypes", PolicyRegistryType.String, "file,directory"),
            new("MaxFileSize", PolicyRegistryType.QWord, 1L << 30),
            new("SharingEnabled", PolicyRegistryType.DWord, 0),
            new("SharingModes", PolicyRegistryType.String, "revocable"),
            new("SharingPeers", PolicyRegistryType.String, ""),
            new("allowother", PolicyRegistryType.DWord, 0),
            new("AuditEnabled", PolicyRegistryType.DWord, 1),
            new("AuditMaxBytes", PolicyRegistryType.QWord, 1L << 20),
            new("AuditKeep", PolicyRegistryType.DWord, 3),
        ]))!;
        Assert.That(layer.Values.Keys, Is.EquivalentTo(PolicySettings.All));
        Assert.That(layer.Values[PolicySettings.QuotaBytes], Is.EqualTo(107374182400L));
        Assert.That(layer.Values[PolicySettings.QuotaFiles], Is.EqualTo(1000L));
        Assert.That(layer.Values[PolicySettings.ReadOnly], Is.True);
        Assert.That(layer.Values[PolicySettings.SharingEnabled], Is.False);
        Assert.That(layer.Values[PolicySettings.AllowOther], Is.False, "registry value names are case-insensitive");
        Assert.That(layer.Values[PolicySettings.NodeTypes], Is.EqualTo(new[] { "file", "directory" }));
        Assert.That(layer.Values[PolicySettings.SharingPeers], Is.Empty);
        Assert.That(layer.Source.Describe(), Is.EqualTo(@"machine policy (HKLM\SOFTWARE\Policies\Indra)"));
    }

    [TestCase("QuotaBytes", PolicyRegistryType.String, "10", @"QuotaBytes (quota.bytes): quota.bytes must be a whole number of bytes >= 0, stored as REG_QWORD (or REG_DWORD)")]
    [TestCase("ReadOnly", PolicyRegistryType.DWord, 2, "ReadOnly (readOnly): readOnly must be true or false")]
    [TestCase("ReadOnly", PolicyRegistryType.QWord, 1L, "ReadOnly (readOnly): readOnly must be true or false, stored as REG_DWORD 0 or 1")]
    [TestCase("NodeTypes", PolicyRegistryType.DWord, 1, "NodeTypes (nodeTypes): nodeTypes must be a list of: file, directory, symlink, fifo, socket, chardev, blockdev, stored as REG_SZ, comma-separated")]
    [TestCase("SharingModes", PolicyRegistryType.String, "revocable,lend", "SharingModes (sharing.modes): sharing.modes must be a list of: revocable, permanent, timed, transfer ('lend' is not)")]
    [TestCase("AuditKeep", PolicyRegistryType.Other, null, "AuditKeep (audit.keep): audit.keep must be a whole number from 0 to 100, stored as REG_QWORD (or REG_DWORD)")]
    [TestCase("Quota", PolicyRegistryType.QWord, 1L, "unknown value 'Quota'")]
    public void A_wrong_value_makes_the_whole_key_invalid(string name, PolicyRegistryType type, object? data, string reason)
    {
        var error = Assert.Throws<PolicyException>(() => PolicyRegistryReader.Read(new FakePolicyRegistry([new(name, type, data)])))!;
        Assert.That(error.Message, Is.EqualTo(@"invalid machine policy HKLM\SOFTWARE\Policies\Indra: " + reason));
    }

    [Test]
    public void A_key_that_cannot_be_read_is_invalid()
    {
        var error = Assert.Throws<PolicyException>(() => PolicyRegistryReader.Read(new UnreadableRegistry()))!;
        Assert.That(error.Message, Is.EqualTo(@"invalid machine policy HKLM\SOFTWARE\Policies\Indra: cannot be read (access denied)"));
    }

    private sealed class UnreadableRegistry : IPolicyRegistry
    {
        public string Location => @"HKLM\SOFTWARE\Policies\Indra";

        public IReadOnlyList<PolicyRegistryValue>? ReadValues() => throw new UnauthorizedAccessException("access denied");
    }
}
