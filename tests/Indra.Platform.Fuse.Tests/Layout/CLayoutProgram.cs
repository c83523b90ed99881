using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Layout;

/// <summary>
/// Compiles <c>layout.c</c> against the installed libfuse3 headers and returns what it prints
/// ("sizeof stat" → 144, ...). Missing tools fail the tests with the package to install; they never pass silently.
/// </summary>
internal static class CLayoutProgram
{
    private const string HeaderHint = "install the libfuse3 headers: apt-get install -y libfuse3-dev pkg-config";

    public static Dictionary<string, long> Run()
    {
        if (!Shell.Exists("cc"))
        {
            Assert.Fail("the layout tests need a C compiler: apt-get install -y gcc (or build-essential)");
        }
        string source = Path.Combine(TestContext.CurrentContext.TestDirectory, "Layout", "layout.c");
        Assert.That(File.Exists(source), Is.True, $"{source} was not copied to the test output");
        string[] includeFlags = IncludeFlags();
        string directory = Directory.CreateTempSubdirectory("indra-fuse-layout-").FullName;
        try
        {
            string program = Path.Combine(directory, "layout");
            Shell.Result compiled = Shell.Run("cc", [.. includeFlags, "-o", program, source]);
            if (compiled.ExitCode != 0)
            {
                Assert.Fail($"compiling layout.c against the libfuse3 headers failed ({compiled.Error.Trim()}); {HeaderHint}");
            }
            string output = Shell.Ok(program);
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int space = line.LastIndexOf(' ');
                values[line[..space]] = long.Parse(line[(space + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
            return values;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string[] IncludeFlags()
    {
        if (Shell.Exists("pkg-config"))
        {
            Shell.Result flags = Shell.Run("pkg-config", "--cflags", "fuse3");
            if (flags.ExitCode == 0)
            {
                return flags.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }
        if (File.Exists("/usr/include/fuse3/fuse_lowlevel.h"))
        {
            return ["-I/usr/include/fuse3"];
        }
        Assert.Fail($"fuse3 headers not found (pkg-config --cflags fuse3 failed and /usr/include/fuse3 is missing); {HeaderHint}");
        return [];
    }
}
