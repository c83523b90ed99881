using System.Globalization;
using Indra.Engine.Vaults;
using Microsoft.Extensions.Logging.Abstractions;

namespace Indra.Engine.Tests;

/// <summary>The clock and loggers a vault is given are the ones it and the layers above it use.</summary>
public sealed class VaultServicesTests
{
    private static readonly DateTimeOffset Then = new(2001, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);
    private static readonly long ThenNs = (Then.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    [Test]
    public void AVaultCreatedWithAClock_StampsItsRootAndCreationFromThatClock()
    {
        var clock = new SettableClock(Then);
        using var vault = Vault.CreateInMemory(services: new VaultServices(clock, NullLoggerFactory.Instance));
        var root = vault.Metadata.GetNode(Vault.RootInode)!;
        Assert.That(root.BirthTimeNs, Is.EqualTo(ThenNs));
        Assert.That(root.ModifyTimeNs, Is.EqualTo(ThenNs));
        Assert.That(vault.Metadata.GetSetting("created"), Is.EqualTo(Then.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
    }

    [Test]
    public void ClockNs_FollowsTheVaultsClock_AsItMoves()
    {
        var clock = new SettableClock(Then);
        using var vault = Vault.CreateInMemory(services: new VaultServices(clock, NullLoggerFactory.Instance));
        Assert.That(vault.Clock, Is.SameAs(clock));
        Assert.That(vault.ClockNs(), Is.EqualTo(ThenNs));
        clock.Now = Then.AddHours(36);
        Assert.That(vault.ClockNs(), Is.EqualTo(ThenNs + 36L * 3600 * 1_000_000_000));
    }

    [Test]
    public void TreesAndFilesTheTreeCreates_AreStampedByTheVaultsClock()
    {
        var clock = new SettableClock(Then);
        using var vault = Vault.CreateInMemory(services: new VaultServices(clock, NullLoggerFactory.Instance));
        clock.Now = Then.AddDays(2);
        var laterNs = ThenNs + 2L * 86_400 * 1_000_000_000;
        var docs = vault.Tree.CreateTree(vault.Tree.Root, "docs", Indra.Engine.Domain.TreeType.Collection, 0x1ED, 0, 0)!;
        var note = vault.Tree.CreateFile(docs, "note.txt", vault.Content.Build("note"u8, durable: false), 0x1A4, 0, 0)!;

        Assert.That(docs.BirthTimeNs, Is.EqualTo(laterNs));
        Assert.That(note.BirthTimeNs, Is.EqualTo(laterNs));
        Assert.That(vault.Tree.GetNode(docs.Inode)!.ModifyTimeNs, Is.EqualTo(laterNs), "the new reference touched the tree");
        Assert.That(vault.Tree.Root.ModifyTimeNs, Is.EqualTo(laterNs));
    }

    [Test]
    public void WithoutServices_AVaultReadsTheSystemClockAndLogsNothing()
    {
        using var vault = Vault.CreateInMemory();
        Assert.That(vault.Clock, Is.SameAs(TimeProvider.System));
        Assert.That(vault.Loggers, Is.SameAs(NullLoggerFactory.Instance));
        var before = Vault.UnixNanoseconds(TimeProvider.System);
        Assert.That(vault.ClockNs(), Is.GreaterThanOrEqualTo(before));
    }

    /// <summary>A clock that reads <see cref="Now"/> until a test moves it.</summary>
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
