namespace Indra.Dashboard.Tests;

/// <summary>
/// The README's pictures (docs/dashboard.png, docs/heat.png) are screenshots these tests take of the real page and the
/// real terminal output. Each test keeps its picture in its work directory; when INDRA_DOCS_IMAGES names a directory
/// (build/docs-images.sh sets it to the repository's docs/), the picture is copied there too.
/// </summary>
internal static class DocsImages
{
    /// <summary>Attaches <paramref name="shot"/> to the test, and copies it to INDRA_DOCS_IMAGES/<paramref name="name"/> when that is set.</summary>
    public static void Keep(string shot, string name, string description)
    {
        TestContext.AddTestAttachment(shot, description);
        if (Environment.GetEnvironmentVariable("INDRA_DOCS_IMAGES") is { Length: > 0 } docs) File.Copy(shot, Path.Combine(docs, name), overwrite: true);
    }
}
