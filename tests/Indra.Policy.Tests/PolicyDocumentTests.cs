using Indra.Policy.Settings;
using Indra.Policy.Sources;

namespace Indra.Policy.Tests;

/// <summary>The JSON policy document of docs/policy.md: every setting read, anything else refused with one line.</summary>
[TestFixture]
public sealed class PolicyDocumentTests
{
    private static readonly PolicySource Machine = new(PolicySourceKind.MachinePolicy, "/etc/indra/policy.json");

    private const string PeerId = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Test]
    public void The_documented_example_reads_every_setting()
    {
        var layer = PolicyDocument.Parse($$"""
            {
              "quota":        { "bytes": 107374182400, "files": 1000000, "peerBytes": 10737418240, "peerFiles": 100000 },
              "readOnly":     false,
              "nodeTypes":    ["file", "directory", "symlink"],
              "maxFileSize":  17592186040320,
              "sharing":      { "enabled": true, "modes": ["revocable", "timed"], "peers": ["{{PeerId.ToUpperInvariant()}}"] },
              "allowOther":   false,
              "audit":        { "enabled": true, "maxBytes": 67108864, "keep": 5 }
            }
            """, Machine);
        Assert.That(layer.Values.Keys, Is.EquivalentTo(PolicySettings.All));
        Assert.That(layer.Values[PolicySettings.QuotaBytes], Is.EqualTo(107374182400L));
        Assert.That(layer.Values[PolicySettings.NodeTypes], Is.EqualTo(new[] { "file", "directory", "symlink" }));
        Assert.That(layer.Values[PolicySettings.SharingPeers], Is.EqualTo(new[] { PeerId }), "player ids are kept lower-case");
        Assert.That(layer.Values[PolicySettings.AllowOther], Is.False);
        Assert.That(layer.Source, Is.EqualTo(Machine));
    }

    [Test]
    public void An_empty_object_sets_nothing() => Assert.That(PolicyDocument.Parse("{}", Machine).Values, Is.Empty);

    [TestCase("""{"quota": {"bytes": -1}}""", "quota.bytes must be a whole number of bytes >= 0")]
    [TestCase("""{"quota": {"bytes": 1.5}}""", "quota.bytes must be a whole number of bytes >= 0")]
    [TestCase("""{"quota": {"bytes": "10"}}""", "quota.bytes must be a whole number of bytes >= 0")]
    [TestCase("""{"quota": {"bytez": 1}}""", "unknown setting 'quota.bytez'")]
    [TestCase("""{"quotas": 1}""", "unknown setting 'quotas'")]
    [TestCase("""{"quota": 5}""", "quota must be an object")]
    [TestCase("""{"readOnly": "yes"}""", "readOnly must be true or false")]
    [TestCase("""{"readOnly": true, "readOnly": false}""", "readOnly is given twice")]
    [TestCase("""{"nodeTypes": ["file", "door"]}""", "nodeTypes must be a list of: file, directory, symlink, fifo, socket, chardev, blockdev ('door' is not)")]
    [TestCase("""{"sharing": {"modes": "timed"}}""", "sharing.modes must be a list of: revocable, permanent, timed, transfer")]
    [TestCase("""{"sharing": {"peers": ["abc"]}}""", "sharing.peers must be a list of player ids (64 hex digits each) ('abc' is not)")]
    [TestCase("""{"audit": {"keep": 101}}""", "audit.keep must be a whole number from 0 to 100")]
    [TestCase("""{"audit": {"maxBytes": 10}}""", "audit.maxBytes must be a whole number of bytes >= 4096")]
    [TestCase("""[1, 2]""", "must be one JSON object")]
    [TestCase("""{"readOnly": true,}""", "is not valid JSON at line 1")]
    [TestCase("""{"readOnly": true /* c */}""", "is not valid JSON at line 1")]
    public void A_wrong_document_is_one_line_naming_the_file_and_the_setting(string json, string reason)
    {
        var error = Assert.Throws<PolicyException>(() => PolicyDocument.Parse(json, Machine))!;
        Assert.That(error.Message, Is.EqualTo("invalid machine policy /etc/indra/policy.json: " + reason));
        Assert.That(error.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void A_missing_file_is_no_policy_and_an_unreadable_one_is_invalid()
    {
        var dir = Path.Combine(Path.GetTempPath(), "indra-policy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Assert.That(PolicyDocument.Read(Path.Combine(dir, "absent.json"), Machine), Is.Null);
            var error = Assert.Throws<PolicyException>(() => PolicyDocument.Read(dir, Machine))!;
            Assert.That(error.Message, Does.EndWith("is a directory, not a file"));
            var binary = Path.Combine(dir, "bad.json");
            File.WriteAllBytes(binary, [0x7B, 0xFF, 0x7D]);
            Assert.That(Assert.Throws<PolicyException>(() => PolicyDocument.Read(binary, Machine))!.Message, Does.Contain("cannot be read"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Command_line_options_read_text_and_refuse_unknown_settings()
    {
        var layer = PolicyOptions.Parse(["quota.bytes=4096", "nodeTypes=file, directory", "readOnly=1", "sharing.peers="]);
        Assert.That(layer.Values[PolicySettings.QuotaBytes], Is.EqualTo(4096L));
        Assert.That(layer.Values[PolicySettings.NodeTypes], Is.EqualTo(new[] { "file", "directory" }));
        Assert.That(layer.Values[PolicySettings.ReadOnly], Is.True);
        Assert.That(layer.Values[PolicySettings.SharingPeers], Is.Empty);
        Assert.That(Assert.Throws<PolicyException>(() => PolicyOptions.Parse(["size=1"]))!.Message, Is.EqualTo("invalid --option: unknown setting 'size'"));
        Assert.That(Assert.Throws<PolicyException>(() => PolicyOptions.Parse(["readOnly"]))!.Message, Is.EqualTo("invalid --option: 'readOnly' is not SETTING=VALUE"));
        Assert.That(Assert.Throws<PolicyException>(() => PolicyOptions.Parse(["quota.files=many"]))!.Message, Is.EqualTo("invalid --option: quota.files must be a whole number >= 0"));
    }
}
