using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// <c>indra key change</c> (docs/encryption.md, "Changing the passphrase"): the current passphrase is required, and
/// afterwards the vault opens with the new one only; a wrong current one or a plain vault is refused with one line.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KeyChangeCommandTests
{
    private string _root = "";

    private string VaultDirectory => Path.Combine(_root, "vault-store");

    [SetUp]
    public void CreateRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "indra-key-change-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, string> Secrets(string current, string? next = null) =>
        next is null ? new() { ["INDRA_PASSPHRASE"] = current } : new() { ["INDRA_PASSPHRASE"] = current, ["INDRA_NEW_PASSPHRASE"] = next };

    [Test]
    public void The_vault_opens_with_the_new_passphrase_only_after_a_change_with_the_current_one()
    {
        IndraCli.RunWith(Secrets("first secret"), "init", "--vault", VaultDirectory, "--encrypt").Ok();
        var before = File.ReadAllText(Path.Combine(VaultDirectory, "vault.key"));
        var wrong = IndraCli.RunWith(Secrets("a guess", "second secret"), "key", "change", "--vault", VaultDirectory);
        Assert.That(wrong.ExitCode, Is.EqualTo(1));
        Assert.That(wrong.Stderr.Trim(), Is.EqualTo($"indra: wrong passphrase for vault {VaultDirectory}"), "one line");
        Assert.That(File.ReadAllText(Path.Combine(VaultDirectory, "vault.key")), Is.EqualTo(before), "nothing changed");

        var changed = IndraCli.RunWith(Secrets("first secret", "second secret"), "key", "change", "--vault", VaultDirectory).Ok();
        Assert.That(changed.Stdout, Does.Contain("now wrapped by the new passphrase"));
        var old = IndraCli.RunWith(Secrets("first secret"), "fsck", "--vault", VaultDirectory);
        Assert.That(old.Stderr.Trim(), Is.EqualTo($"indra: wrong passphrase for vault {VaultDirectory}"), "the old passphrase no longer opens it");
        Assert.That(IndraCli.RunWith(Secrets("second secret"), "fsck", "--vault", VaultDirectory).Ok().Stdout, Does.Contain("0 problems"));

        var plain = Path.Combine(_root, "plain-store");
        IndraCli.Run("init", "--vault", plain).Ok();
        var refused = IndraCli.RunWith(Secrets("x", "y"), "key", "change", "--vault", plain);
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Stderr.Trim(), Is.EqualTo($"indra: the vault {plain} is not encrypted (it has no vault.key)"));
    }
}
