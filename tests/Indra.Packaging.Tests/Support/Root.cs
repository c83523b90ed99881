namespace Indra.Packaging.Tests.Support;

/// <summary>Installing packages (dpkg -i, dpkg -r) and changing /dev/fuse need root.</summary>
internal static class Root
{
    /// <summary>Skips the fixture unless the tests run as root.</summary>
    public static void Require()
    {
        var uid = Shell.Run("id", ["-u"]).Ok().Stdout.Trim();
        if (uid != "0") Assert.Ignore("installs packages: run as root (build/test.sh does)");
    }
}
