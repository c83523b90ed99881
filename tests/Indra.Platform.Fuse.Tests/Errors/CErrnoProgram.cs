using System.Globalization;
using System.Text;
using Indra.FileSystem;
using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Errors;

/// <summary>
/// Writes a C program that prints the number <c>&lt;errno.h&gt;</c> gives each <see cref="Errno"/> member's name
/// ("EAGAIN 11", ...), compiles it with the system's C compiler at test time and returns what it prints. A missing
/// compiler fails the tests with the package to install; they never pass silently.
/// </summary>
internal static class CErrnoProgram
{
    /// <summary>The numbers of every member's name but <see cref="Errno.None"/>.</summary>
    public static Dictionary<string, int> Run() =>
        Run(Enum.GetNames<Errno>().Where(name => name != nameof(Errno.None)));

    /// <summary>The numbers of the errno macros <paramref name="names"/>.</summary>
    public static Dictionary<string, int> Run(IEnumerable<string> names)
    {
        if (!Shell.Exists("cc"))
        {
            Assert.Fail("the errno tests need a C compiler: apt-get install -y gcc (or build-essential)");
        }
        var source = new StringBuilder("#include <errno.h>\n#include <stdio.h>\nint main(void)\n{\n");
        foreach (var name in names)
        {
            source.Append(CultureInfo.InvariantCulture, $"    printf(\"{name} %d\\n\", {name});\n");
        }
        source.Append("    return 0;\n}\n");
        string directory = Directory.CreateTempSubdirectory("indra-fuse-errno-").FullName;
        try
        {
            string file = Path.Combine(directory, "errno.c");
            File.WriteAllText(file, source.ToString());
            string program = Path.Combine(directory, "errno");
            Shell.Result compiled = Shell.Run("cc", "-o", program, file);
            if (compiled.ExitCode != 0)
            {
                Assert.Fail($"compiling errno.c failed: {compiled.Error.Trim()}");
            }
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string line in Shell.Ok(program).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = line.Split(' ');
                values[parts[0]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            return values;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
