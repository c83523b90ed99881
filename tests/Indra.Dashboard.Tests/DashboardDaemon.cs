using System.Globalization;
using Microsoft.Playwright;

namespace Indra.Dashboard.Tests;

/// <summary>
/// Once per run: one vault served by a real daemon with the dashboard and the metrics endpoint on
/// (<c>indra mount -b --dashboard --metrics</c>), filled through the mount with three folders (docs, photos, notes;
/// notes opened far more often than the others, so it is the hottest), and one headless Chromium (the system's,
/// /usr/bin/chromium, through Playwright; nothing downloaded). Stopped after the last test; when one failed, the
/// daemon's log is printed.
/// </summary>
[SetUpFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardDaemon
{
    /// <summary>The Chromium Playwright drives: Debian's package (build/setup.sh --test installs it).</summary>
    internal const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How often notes/today.txt is opened at set-up: far above any other file, so notes is the hottest folder.</summary>
    internal const int NotesOpens = 100;

    private static string _root = "";
    private static DaemonVault? _vault;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    internal static DaemonVault Vault => _vault ?? throw new InvalidOperationException("the daemon is not running");

    internal static IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not running");

    /// <summary>A folder of this run for vaults a test makes itself.</summary>
    internal static string Root => _root;

    /// <summary>The page's URL with its token, as <c>indra dashboard</c> prints it.</summary>
    internal static string DashboardUrl { get; private set; } = "";

    /// <summary>http://127.0.0.1:PORT/ without the token.</summary>
    internal static Uri DashboardBase => new(new Uri(DashboardUrl).GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>http://127.0.0.1:PORT/metrics, from VAULT/metrics.url.</summary>
    internal static Uri MetricsUrl { get; private set; } = new("http://127.0.0.1/");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists("/dev/fuse")) Assert.Ignore("FUSE is not available (/dev/fuse)");
        if (!File.Exists(ChromiumPath)) Assert.Fail($"{ChromiumPath} is missing: run build/setup.sh --test (it installs Debian's chromium)");
        _root = Path.Combine(Path.GetTempPath(), "indra-dashboard-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        _vault = new DaemonVault(_root, "dash", mount: false);
        var mounted = _vault.Mount("--dashboard", "--metrics");
        Fill(_vault.Vault);
        DashboardUrl = _vault.Cli("dashboard").Ok().Stdout.Trim();
        Assert.That(mounted.Stdout, Does.Contain("dashboard at " + DashboardUrl), "indra mount -b prints the URL once");
        MetricsUrl = new Uri(File.ReadAllText(Path.Combine(_vault.VaultDirectory, "metrics.url")).Trim());
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>docs (8 KiB in two files), photos (500 KiB in two), notes (2 KiB in two, today.txt opened
    /// <see cref="NotesOpens"/> times).</summary>
    private static void Fill(string vault)
    {
        var files = new (string Path, int Size)[]
        {
            ("docs/readme.md", 2048), ("docs/guide.md", 6144), ("photos/a.jpg", 300 * 1024), ("photos/b.jpg", 200 * 1024),
            ("notes/today.txt", 1024), ("notes/ideas.txt", 1024),
        };
        foreach (var (path, size) in files)
        {
            var full = Path.Combine(vault, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = new byte[size];
            new Random(path.Length).NextBytes(bytes);
            File.WriteAllBytes(full, bytes);
        }
        for (var i = 0; i < NotesOpens; i++) File.ReadAllBytes(Path.Combine(vault, "notes", "today.txt"));
    }

    /// <summary>A new browser context (its own cookies) with one page.</summary>
    internal static async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 1400 } });
        return await context.NewPageAsync();
    }

    /// <summary>Opens the dashboard with its token and waits until the treemap has drawn its tiles.</summary>
    internal static async Task<IPage> OpenDashboardAsync()
    {
        var page = await NewPageAsync();
        var response = await page.GotoAsync(DashboardUrl);
        Assert.That(response?.Status, Is.EqualTo(200), "the page with its token");
        await page.WaitForSelectorAsync("#treemap .tile");
        return page;
    }

    /// <summary>The treemap tile of <paramref name="path"/> on <paramref name="page"/>.</summary>
    internal static ILocator Tile(IPage page, string path) => page.Locator($"#treemap .tile[data-path=\"{path}\"]");

    /// <summary>The heat <paramref name="tile"/> shows (its data-heat).</summary>
    internal static async Task<double> HeatOfAsync(ILocator tile) =>
        double.Parse(await tile.GetAttributeAsync("data-heat") ?? "nan", CultureInfo.InvariantCulture);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (TestContext.CurrentContext.Result.FailCount > 0 && _vault is not null) TestContext.Out.WriteLine($"the daemon's log:\n{_vault.LogText()}");
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _vault?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
