using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>The reversible encoding of vault names Windows cannot hold (<see cref="WindowsNames"/>).</summary>
[TestFixture]
public sealed class WindowsNamesTests
{
    private static readonly string[] Illegal =
    [
        "a:b", "CON", "con", "Con.txt", "aux.txt", "AUX.tar.gz", "nul", "PRN", "Lpt1.log", "COM9", "COM\u00B9", "lpt\u00B3.x",
        "CONIN$", "conout$.txt", "CON .txt", "x?", "<>|\"*", "a\\b", "\u0001ctl\u001F", "tab\there", "x.", "x ", "...", " ", "CON ",
        "AUX.", "what?.txt ", "\uF03A", "a\uF07Fb", "\uF07F", "\uF000", "\uF041UX",
    ];

    private static readonly string[] Legal =
    [
        "a.txt", "CONSOLE", "auxiliary.txt", "COM10", "LPT", "x.y", ".hidden", "Straße", "文字.md", "a b", "\uF080", "\uF8FF",
        "NUL-terminated", "con-fig", "é", "~$lock.docx", "#1", "%41",
    ];

    [TestCaseSource(nameof(Illegal))]
    public void AnIllegalNameIsEncodedIntoALegalOneAndComesBack(string vaultName)
    {
        var local = WindowsNames.ToLocal(vaultName);
        Assert.That(local, Is.Not.EqualTo(vaultName));
        Assert.That(IsWindowsLegal(local), Is.True, $"'{Show(local)}' is not a name Windows can hold");
        Assert.That(WindowsNames.TryToVault(local, out var back), Is.True);
        Assert.That(back, Is.EqualTo(vaultName));
        Assert.That(WindowsNames.IsLegal(vaultName), Is.False);
    }

    [TestCaseSource(nameof(Legal))]
    public void ALegalNameIsItsOwnLocalName(string vaultName)
    {
        Assert.That(WindowsNames.ToLocal(vaultName), Is.EqualTo(vaultName));
        Assert.That(WindowsNames.ToVault(vaultName), Is.EqualTo(vaultName));
        Assert.That(WindowsNames.IsLegal(vaultName), Is.True);
        Assert.That(IsWindowsLegal(vaultName), Is.True);
    }

    [Test]
    public void TheDocumentedExamples()
    {
        Assert.That(WindowsNames.ToLocal("a:b"), Is.EqualTo("a\uF03Ab"));
        Assert.That(WindowsNames.ToLocal("CON"), Is.EqualTo("\uF043ON"));
        Assert.That(WindowsNames.ToLocal("aux.txt"), Is.EqualTo("\uF061ux.txt"));
        Assert.That(WindowsNames.ToLocal("x."), Is.EqualTo("x\uF02E"));
        Assert.That(WindowsNames.ToLocal("x "), Is.EqualTo("x\uF020"));
        Assert.That(WindowsNames.ToLocal("\uF03A"), Is.EqualTo("\uF07F\uF03A"), "a literal escape character is marked");
    }

    [TestCase("\uF041", TestName = "an escape nothing needed")]
    [TestCase("a\uF07F", TestName = "a dangling literal mark")]
    [TestCase("\uF07Fa", TestName = "a literal mark before an ordinary character")]
    [TestCase("\uF043AT", TestName = "an escaped first letter of a name that is not reserved")]
    [TestCase("a\uF02Eb", TestName = "an escaped dot that is not trailing")]
    [TestCase("aux.txt", TestName = "an unencoded device name")]
    [TestCase("a:b", TestName = "an unencoded forbidden character")]
    [TestCase("x.", TestName = "an unencoded trailing dot")]
    public void ALocalNameToLocalNeverProducesHasNoVaultName(string local)
    {
        Assert.That(WindowsNames.TryToVault(local, out _), Is.False);
        Assert.Throws<ArgumentException>(() => WindowsNames.ToVault(local));
    }

    [Test]
    public void EncodedNamesNeverCollideWithLegalNamesOrEachOther()
    {
        var alphabet = new[] { 'a', 'A', 'b', 'C', 'O', 'N', 'x', '.', ' ', ':', '?', '\\', '*', '\u0001', '\uF03A', '\uF07F', '\uF043', '1' };
        var random = new Random(1234);
        var names = new HashSet<string>(StringComparer.Ordinal) { "CON", "con", "AUX", "aux.txt", "COM1", "LPT9.x" };
        while (names.Count < 20000)
        {
            var length = random.Next(1, 6);
            names.Add(new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
        }

        var locals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var local = WindowsNames.ToLocal(name);
            Assert.That(locals.TryAdd(local, name), Is.True, $"'{Show(name)}' and '{Show(locals.GetValueOrDefault(local) ?? "")}' map to the same local name");
            Assert.That(WindowsNames.ToVault(local), Is.EqualTo(name), $"'{Show(name)}' does not come back");
            Assert.That(IsWindowsLegal(local), Is.True, $"'{Show(local)}' (from '{Show(name)}') is not a legal Windows name");
        }

        var legalFolded = names.Where(WindowsNames.IsLegal).Select(n => n.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var encoded = names.Where(n => !WindowsNames.IsLegal(n)).Select(WindowsNames.ToLocal).ToList();
        Assert.That(encoded, Is.Not.Empty);
        Assert.That(encoded.Where(e => legalFolded.Contains(e.ToUpperInvariant())), Is.Empty, "an encoded name equals a legal name, even ignoring case");
    }

    [Test]
    public void PathsMapComponentByComponent()
    {
        var local = WindowsNames.ToLocalPath("vault/a:b/CON/x.");
        Assert.That(local, Is.EqualTo("vault\\a\uF03Ab\\\uF043ON\\x\uF02E"));
        Assert.That(WindowsNames.TryToVaultPath(local, out var vault), Is.True);
        Assert.That(vault, Is.EqualTo("vault/a:b/CON/x."));
        Assert.That(WindowsNames.ToLocalPath("vault/back\\slash"), Is.EqualTo("vault\\back\uF05Cslash"), "a backslash in a vault name is not a separator");
        Assert.That(WindowsNames.TryToVaultPath("vault\\\uF041", out _), Is.False);
    }

    /// <summary>Windows naming rules written out here from the Win32 docs ("Naming Files, Paths, and Namespaces"), not from WindowsNames.</summary>
    private static bool IsWindowsLegal(string name)
    {
        if (name.Length == 0 || name.EndsWith('.') || name.EndsWith(' ') || name.Any(c => c < 32 || "<>:\"/\\|?*".Contains(c)))
        {
            return false;
        }

        var stem = name.Split('.')[0].TrimEnd(' ').ToUpperInvariant();
        var devices = new[] { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" }
            .Concat(Enumerable.Range(0, 10).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" }))
            .Concat(new[] { "\u00B9", "\u00B2", "\u00B3" }.SelectMany(s => new[] { "COM" + s, "LPT" + s }));
        return !devices.Contains(stem);
    }

    private static string Show(string name) => string.Concat(name.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
