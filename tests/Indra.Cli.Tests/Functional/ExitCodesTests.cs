using System.Text.RegularExpressions;
using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// The exit codes are documented in three places that must agree: the "Exit codes:" section of <c>indra --help</c>, the
/// table under "Machine-readable output and exit codes" in README.md, and the EXIT STATUS section of the man page that
/// packaging/linux/make-manpage.sh generates from the help. Same codes, same meanings (the README's code spans without
/// their backticks, lines joined).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed partial class ExitCodesTests
{
    /// <summary>The repository (tests/Indra.Cli.Tests/bin/CONFIGURATION/TFM is five levels below it).</summary>
    private static string Repository
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            for (var up = 0; up < 5; up++) directory = directory.Parent!;
            return directory.FullName;
        }
    }

    [Test]
    public void Help_readme_and_man_page_list_the_same_exit_codes()
    {
        var help = HelpCodes(IndraCli.Run("--help").Ok().Stdout);
        Assert.That(help.Keys, Is.EquivalentTo(new[] { 0, 1, 130, 134 }), "indra --help lists the exit codes");
        Assert.That(ReadmeCodes(File.ReadAllText(Path.Combine(Repository, "README.md"))), Is.EqualTo(help), "README.md's table says what the help says");
        Assert.That(ManPageCodes(ManPage()), Is.EqualTo(help), "the man page's EXIT STATUS says what the help says");
    }

    /// <summary>The "Exit codes:" section of the root help: "  CODE  MEANING" lines, a meaning's continuation lines indented further.</summary>
    private static Dictionary<int, string> HelpCodes(string help)
    {
        var lines = help.Split('\n').Select(l => l.TrimEnd('\r'));
        var section = lines.SkipWhile(l => l != "Exit codes:").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.That(section, Is.Not.Empty, "indra --help has an \"Exit codes:\" section");
        var codes = new Dictionary<int, string>();
        var current = -1;
        foreach (var line in section)
        {
            if (HelpItem().Match(line) is { Success: true } item)
            {
                current = int.Parse(item.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                codes[current] = item.Groups[2].Value;
            }
            else
            {
                Assert.That(current, Is.Not.EqualTo(-1), $"a continuation line before the first code: {line}");
                codes[current] = Normalize(codes[current] + " " + line);
            }
        }
        return codes.ToDictionary(c => c.Key, c => Normalize(c.Value));
    }

    /// <summary>The rows of the README's table headed "| exit code | meaning |".</summary>
    private static Dictionary<int, string> ReadmeCodes(string readme)
    {
        var lines = readme.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.IndexOf("| exit code | meaning |");
        Assert.That(header, Is.Not.EqualTo(-1), "README.md has the exit code table");
        return lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(l => ReadmeRow().Match(l)).Select(m =>
        {
            Assert.That(m.Success, Is.True, $"a row of the exit code table: {m.Value}");
            return (Code: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Meaning: Normalize(m.Groups[2].Value.Replace("`", "", StringComparison.Ordinal)));
        }).ToDictionary(r => r.Code, r => r.Meaning);
    }

    /// <summary>The man page make-manpage.sh writes for the built CLI (run through a wrapper, as the package's launcher runs it).</summary>
    private static string ManPage()
    {
        var wrapper = Path.Combine(Path.GetTempPath(), "indra-exit-codes-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{IndraCli.Dll}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            return Shell.Run("bash", [Path.Combine(Repository, "packaging", "linux", "make-manpage.sh"), wrapper, "0.0.0", "2026-01-01"], timeout: TimeSpan.FromMinutes(10)).Ok().Stdout;
        }
        finally
        {
            File.Delete(wrapper);
        }
    }

    /// <summary>The ".TP / .B CODE / MEANING" items of the roff section .SH "EXIT STATUS", unescaped.</summary>
    private static Dictionary<int, string> ManPageCodes(string roff)
    {
        var lines = roff.Split('\n');
        var section = lines.SkipWhile(l => l != ".SH \"EXIT STATUS\"").Skip(1).TakeWhile(l => !l.StartsWith(".SH", StringComparison.Ordinal)).ToList();
        Assert.That(section, Is.Not.Empty, "the man page has an EXIT STATUS section");
        var codes = new Dictionary<int, string>();
        Assert.That(section.Count % 3, Is.Zero, "EXIT STATUS is made of .TP, .B CODE, MEANING items");
        for (var i = 0; i < section.Count; i += 3)
        {
            Assert.That(section[i], Is.EqualTo(".TP"), $"item {i / 3} of EXIT STATUS");
            Assert.That(section[i + 1], Does.StartWith(".B "));
            var code = int.Parse(section[i + 1][3..], System.Globalization.CultureInfo.InvariantCulture);
            codes[code] = Normalize(section[i + 2].Replace("\\-", "-", StringComparison.Ordinal).Replace("\\e", "\\", StringComparison.Ordinal));
        }
        return codes;
    }

    private static string Normalize(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"^  (\d+) +(.*)$")]
    private static partial Regex HelpItem();

    [GeneratedRegex(@"^\| (\d+) \| (.*) \|$")]
    private static partial Regex ReadmeRow();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
