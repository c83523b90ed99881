using System.Diagnostics;
using System.Security.Cryptography;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;

namespace Indra.Engine.Tests;

public sealed class TypedIdTests
{
    private static readonly Blake3Hash Sample = Blake3.Hash("indra"u8);

    [Test]
    public void IdsOfTheSameBytesAreEqualAndOfOtherBytesNot()
    {
        var a = new ArtifactId(Sample);
        var b = new ArtifactId(Sample.ToArray());
        var other = new ArtifactId(Blake3.Hash("other"u8));
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a == b, Is.True);
            Assert.That(a != other, Is.True);
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(new HashSet<ArtifactId> { a, b, other }, Has.Count.EqualTo(2));
            Assert.That(a.Equals(new PlayerId(Sample)), Is.False, "a player id is never equal to an artifact id");
            Assert.That(a.CompareTo(other), Is.EqualTo(Sample.CompareTo(other.Hash)));
        });
    }

    [Test]
    public void FormattingIsLowercaseHexAndParsingRoundTrips()
    {
        var player = new PlayerId(Sample);
        var text = player.ToString();
        Assert.That(text, Is.EqualTo(Convert.ToHexStringLower(Sample.ToArray())));
        Assert.That(PlayerId.Parse(text), Is.EqualTo(player));
        Assert.That(BlockHash.Parse(text.ToUpperInvariant()).Hash, Is.EqualTo(Sample), "either case parses");
        Assert.That(ArtifactId.TryParse(text, out var parsed) && parsed.Hash == Sample, Is.True);
        Assert.That($"{new BlockHash(Sample)}", Is.EqualTo(text), "interpolation formats the same");
    }

    [TestCase("")]
    [TestCase("abc")]
    [TestCase("zz00000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("00000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("000000000000000000000000000000000000000000000000000000000000000")]
    public void BadHexIsRejected(string hex)
    {
        Assert.That(ArtifactId.TryParse(hex, out var id), Is.False);
        Assert.That(id, Is.EqualTo(default(ArtifactId)));
        var error = Assert.Throws<FormatException>(() => PlayerId.Parse(hex));
        Assert.That(error!.Message, Does.Contain("A player id"));
        Assert.Throws<FormatException>(() => BlockHash.Parse(hex));
        Assert.That(PlayerId.TryParse(null, out _), Is.False);
    }

    [Test]
    public void ConstructionFromBytesRejectsAWrongLength()
    {
        Assert.Throws<ArgumentException>(() => _ = new ArtifactId(new byte[31]));
        Assert.That(new BlockHash(new byte[32]).ToArray(), Is.EqualTo(new byte[32]));
    }

    [Test]
    public void ALeafsArtifactIdIsWhatB3sumPrints()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 + 100);
        var file = Path.Combine(Path.GetTempPath(), "indra-b3sum-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(file, data);
        try
        {
            using var vault = Vault.CreateInMemory(1024);
            var node = vault.Tree.CreateFile(vault.Tree.Root, "data.bin", vault.Content.Build(data, durable: false), 0x1A4, 0, 0)!;
            using var b3sum = Process.Start(new ProcessStartInfo("b3sum", ["--no-names", file]) { RedirectStandardOutput = true })!;
            var printed = b3sum.StandardOutput.ReadToEnd().Trim();
            b3sum.WaitForExit();
            Assert.That(b3sum.ExitCode, Is.Zero);
            Assert.That(node.ArtifactId.ToString(), Is.EqualTo(printed));
            Assert.That(ArtifactId.Parse(printed), Is.EqualTo(vault.Tree.Resolve("data.bin")!.ArtifactId));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
