using System.Net;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Indra.Dashboard.Tests;

/// <summary>
/// The local page of a real daemon (<see cref="DashboardDaemon"/>) in a real browser: refused without its token,
/// served with it; the treemap shows the vault's folders by size, marks the hottest, zooms on a click or a key and
/// comes back up; a file's heat rises on the page, without a reload, when the file is opened through the mount; and
/// axe finds no serious or critical accessibility violation.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardPageTests
{
    [Test]
    public async Task The_page_is_served_with_its_token_and_a_screenshot_is_kept()
    {
        var page = await DashboardDaemon.OpenDashboardAsync();
        Assert.That(page.Url, Is.EqualTo(DashboardDaemon.DashboardBase.ToString()), "the token leaves the address bar (a cookie carries it on)");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Indra");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(DashboardDaemon.Vault.MountPoint);
        await Assertions.Expect(page.Locator("#timeline svg rect.bar").First).ToBeAttachedAsync();
        var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.That(new FileInfo(shot).Length, Is.GreaterThan(10_000), "a screenshot of the drawn page");
        DocsImages.Keep(shot, "dashboard.png", "the dashboard of the test vault");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Requests_without_the_token_are_refused()
    {
        var page = await DashboardDaemon.NewPageAsync();
        var bare = await page.GotoAsync(DashboardDaemon.DashboardBase.ToString());
        Assert.That(bare?.Status, Is.EqualTo(401), "the page without a token");
        var wrong = await page.GotoAsync(DashboardDaemon.DashboardBase + "?token=" + new string('A', 43));
        Assert.That(wrong?.Status, Is.EqualTo(401), "the page with another token");
        await page.Context.CloseAsync();
        using var http = new HttpClient();
        foreach (var route in new[] { "api/tree", "api/timeline", "api/overview", "app.js" })
        {
            using var answer = await http.GetAsync(new Uri(DashboardDaemon.DashboardBase, route));
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), route);
            Assert.That(await answer.Content.ReadAsStringAsync(), Does.Not.Contain("docs"), route + " tells nothing of the vault");
        }
        var token = new Uri(DashboardDaemon.DashboardUrl).Query["?token=".Length..];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(DashboardDaemon.DashboardBase, "api/tree"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var allowed = await http.SendAsync(request);
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same route with the token");
    }

    [Test]
    public async Task The_treemap_shows_the_folders_and_marks_the_hottest()
    {
        var page = await DashboardDaemon.OpenDashboardAsync();
        foreach (var folder in new[] { "docs", "photos", "notes" }) await Assertions.Expect(DashboardDaemon.Tile(page, folder)).ToBeVisibleAsync();
        var notes = DashboardDaemon.Tile(page, "notes");
        await Assertions.Expect(notes).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bhottest\b"));
        await Assertions.Expect(notes).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex(@"^notes hottest .*folder of 2 files"));
        await Assertions.Expect(DashboardDaemon.Tile(page, "photos")).Not.ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("hottest"));
        Assert.That(await page.Locator("#treemap .tile.hottest").CountAsync(), Is.EqualTo(1), "one tile is the hottest");
        var photos = await DashboardDaemon.Tile(page, "photos").BoundingBoxAsync();
        var notesBox = await notes.BoundingBoxAsync();
        Assert.That(photos!.Width * photos.Height, Is.GreaterThan(notesBox!.Width * notesBox.Height * 10), "500 KiB of photos covers far more than 2 KiB of notes");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Clicking_a_folder_zooms_in_and_the_keyboard_goes_back_up()
    {
        var page = await DashboardDaemon.OpenDashboardAsync();
        await DashboardDaemon.Tile(page, "photos").ClickAsync();
        await Assertions.Expect(DashboardDaemon.Tile(page, "photos/a.jpg")).ToBeVisibleAsync();
        await Assertions.Expect(DashboardDaemon.Tile(page, "photos/b.jpg")).ToBeVisibleAsync();
        await Assertions.Expect(DashboardDaemon.Tile(page, "docs")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#breadcrumb [aria-current=location]")).ToHaveTextAsync("photos");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(DashboardDaemon.Tile(page, "docs")).ToBeVisibleAsync();
        // By keyboard alone: focus the docs tile, Enter zooms; the Up button comes back.
        await DashboardDaemon.Tile(page, "docs").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(DashboardDaemon.Tile(page, "docs/readme.md")).ToBeVisibleAsync();
        await page.Locator("#up").ClickAsync();
        await Assertions.Expect(DashboardDaemon.Tile(page, "notes")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Opening_a_file_five_times_raises_its_heat_on_the_page_without_a_reload()
    {
        var page = await DashboardDaemon.OpenDashboardAsync();
        await DashboardDaemon.Tile(page, "docs").ClickAsync();
        var tile = DashboardDaemon.Tile(page, "docs/guide.md");
        await Assertions.Expect(tile).ToBeVisibleAsync();
        var before = await DashboardDaemon.HeatOfAsync(tile);
        await page.EvaluateAsync("() => { window.indraTestMarker = 'same page'; }");
        for (var i = 0; i < 5; i++) File.ReadAllBytes(Path.Combine(DashboardDaemon.Vault.Vault, "docs", "guide.md"));
        await Assertions.Expect(tile).Not.ToHaveAttributeAsync("data-heat", before.ToString("R", System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        var after = await DashboardDaemon.HeatOfAsync(tile);
        Assert.That(after, Is.GreaterThan(before), "five opens through the mount");
        Assert.That(await page.EvaluateAsync<string?>("() => window.indraTestMarker"), Is.EqualTo("same page"), "the page was not reloaded");
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task Axe_finds_no_serious_or_critical_violation()
    {
        var page = await DashboardDaemon.OpenDashboardAsync();
        await Assertions.Expect(page.Locator("#timeline svg")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#sync")).Not.ToBeEmptyAsync();
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.That(serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"), Is.Empty);
        Assert.That(results.Passes, Is.Not.Empty, "axe ran its rules");
        await page.Context.CloseAsync();
    }
}
