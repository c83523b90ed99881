using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Indra.Dashboard.Tests;

/// <summary>
/// The README's picture of <c>indra heat</c>: the real command run on a pseudo-terminal (<c>script</c> from util-linux,
/// 110 columns, TERM=xterm-256color) against the run's daemon, its escape sequences turned into HTML
/// (<see cref="AnsiHtml"/>), rendered by Chromium and kept as heat.png (<see cref="DocsImages"/>: docs/heat.png when
/// build/docs-images.sh runs it). The test checks what the
/// picture shows: colour, the hottest file (notes/today.txt, opened 100 times) ranked first, the hottest folder notes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class HeatImageTests
{
    private const int Columns = 110;

    [Test]
    public async Task Indra_heat_on_a_terminal_renders_to_an_image()
    {
        var terminal = OnTerminal("heat", "--top", "5", "--vault", DashboardDaemon.Vault.VaultDirectory);
        Assert.That(terminal, Does.Contain("\u001b["), "coloured on a terminal");
        var page = await DashboardDaemon.NewPageAsync();
        await page.SetContentAsync(AnsiHtml.Page(terminal, "indra heat"));
        var block = page.Locator("#terminal");
        var lines = (await block.InnerTextAsync()).Split('\n').Select(l => l.TrimEnd()).ToList();
        var files = lines.SkipWhile(l => !l.Contains("hottest files", StringComparison.Ordinal)).ToList();
        var folders = lines.SkipWhile(l => !l.Contains("hottest folders", StringComparison.Ordinal)).ToList();
        var coloured = await page.Locator("#terminal span[style*='color:']").CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(files, Is.Not.Empty, "the files' table");
            Assert.That(folders, Is.Not.Empty, "the folders' table");
            Assert.That(files.FirstOrDefault(l => RankOne().IsMatch(l)), Does.EndWith("notes/today.txt"), "the hottest file first");
            Assert.That(folders.FirstOrDefault(l => RankOne().IsMatch(l)), Does.Contain("notes"), "the hottest folder first");
            Assert.That(coloured, Is.GreaterThan(0), "coloured spans");
        });
        var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "heat.png");
        await block.ScreenshotAsync(new LocatorScreenshotOptions { Path = shot });
        var png = await File.ReadAllBytesAsync(shot);
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }), "a PNG");
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.That(width, Is.GreaterThan(Columns * 7), "wide enough for the terminal's columns");
        DocsImages.Keep(shot, "heat.png", "indra heat on a terminal");
        await page.Context.CloseAsync();
    }

    /// <summary>What <c>indra ARGUMENTS</c> writes on a pseudo-terminal of <see cref="Columns"/> columns (it must exit 0).</summary>
    private static string OnTerminal(params string[] arguments)
    {
        var command = $"stty cols {Columns} rows 60; exec dotnet " + string.Join(' ', new[] { DaemonVault.IndraDll }.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-qfec", command, "/dev/null" }) start.ArgumentList.Add(argument);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("COLORTERM");
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start script");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("indra heat on a pseudo-terminal did not end within 3 minutes");
        }
        Assert.That(process.ExitCode, Is.Zero, $"indra heat: {output.Result}{errors.Result}");
        return output.Result;
    }

    /// <summary>The first row of a table: rank 1.</summary>
    [GeneratedRegex(@"^\s*1\s")]
    private static partial Regex RankOne();
}
