using System.Diagnostics;
using System.Globalization;
using System.Text;
using Indra.Engine.Vaults;
using Indra.FileSystem;

// Populates a vault in-process through the vault filesystem layer (the same code the FUSE host drives, without the
// kernel round trips), so that scale benchmarks can start from a vault of a million files in minutes.
//   populate VAULT FILES FILES_PER_DIRECTORY
if (args.Length != 4 || args[0] != "populate")
{
    Console.Error.WriteLine("usage: Indra.Benchmarks.Scale populate VAULT FILES FILES_PER_DIRECTORY");
    return 2;
}
var directory = args[1];
var files = long.Parse(args[2], CultureInfo.InvariantCulture);
var perDirectory = long.Parse(args[3], CultureInfo.InvariantCulture);
var watch = Stopwatch.StartNew();
using (var vault = VaultLayout.Exists(directory) ? Vault.Open(directory) : Vault.Create(directory))
using (var fs = new VaultFileSystem(vault))
{
    var caller = CallerContext.Self;
    ulong folder = 0;
    const long batch = 10_000;
    for (long first = 0; first < files; first += batch)
    {
        // One transaction per batch of files (the filesystem's own transactions join it): setup speed only.
        vault.Metadata.InTransaction(() =>
        {
            for (var i = first; i < Math.Min(files, first + batch); i++)
            {
                if (i % perDirectory == 0)
                {
                    var name = $"d{i / perDirectory:000000}";
                    Check(fs.MakeDirectory(ReservedInodes.Vault, name, 0x1ED, caller, out var made), $"mkdir {name}");
                    folder = made.Inode;
                }
                var content = Encoding.ASCII.GetBytes($"file {i}\n");
                Check(fs.Create(folder, $"f{i % perDirectory:0000000}.txt", 0x1A4, OpenFlags.WriteOnly, caller, out var created, out var open), $"create {i}");
                Check(fs.Write(created.Inode, open.Handle, 0, content, out _), $"write {i}");
                Check(fs.Release(created.Inode, open.Handle), $"release {i}");
                fs.Forget(created.Inode, 1);
            }
        });
        if ((first + batch) % 100_000 == 0) Console.Error.WriteLine($"populate: {first + batch} files, {watch.Elapsed.TotalSeconds:0} s");
    }
}
Console.WriteLine($"populated {files} files in {files / perDirectory} directories in {watch.Elapsed.TotalSeconds:0.0} s");
return 0;

static void Check(Errno result, string what)
{
    if (result != Errno.None) throw new InvalidOperationException($"{what}: {result}");
}
