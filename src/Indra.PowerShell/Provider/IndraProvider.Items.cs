using System.Management.Automation;
using Indra.Control;
using Indra.Control.Model;
using Indra.PowerShell.Errors;

namespace Indra.PowerShell.Provider;

/// <summary>The Indra provider's items and navigation: Get-Item, Test-Path, Get-ChildItem, New-Item, Remove-Item,
/// Rename-Item, Move-Item and Copy-Item (by reference: no bytes are copied).</summary>
public sealed partial class IndraProvider
{
    /// <inheritdoc />
    protected override bool IsValidPath(string path) => !path.Contains('\0', StringComparison.Ordinal);

    /// <inheritdoc />
    protected override bool ItemExists(string path) => Find(At(path)) is not null;

    /// <inheritdoc />
    protected override bool IsItemContainer(string path) => Find(At(path))?.IsDirectory == true;

    /// <inheritdoc />
    protected override void GetItem(string path)
    {
        if (TryStat(At(path)) is { } item) WriteVaultItem(item);
    }

    /// <inheritdoc />
    protected override bool HasChildItems(string path)
    {
        var item = Find(At(path));
        return item is { IsDirectory: true } && Entries(item.Path).Count > 0;
    }

    /// <inheritdoc />
    protected override void GetChildItems(string path, bool recurse) => GetChildItems(path, recurse, uint.MaxValue);

    /// <summary>The entries of a folder (a file: the file itself), matching <c>-Filter</c>, down to <paramref name="depth"/>
    /// levels below with <paramref name="recurse"/>.</summary>
    protected override void GetChildItems(string path, bool recurse, uint depth)
    {
        if (TryStat(At(path)) is not { } item) return;
        if (!item.IsDirectory)
        {
            if (Matches(item.Name)) WriteVaultItem(item);
            return;
        }
        Walk(item.Path, recurse, depth);
    }

    private void Walk(string folder, bool recurse, uint depth)
    {
        IReadOnlyList<VaultItem> entries;
        try
        {
            entries = Entries(folder);
        }
        catch (VaultControlException e)
        {
            WriteError(ControlErrors.Record(e, ProviderPath(folder)));
            return;
        }
        foreach (var entry in entries)
        {
            if (Stopping) return;
            if (Matches(entry.Name)) WriteVaultItem(entry);
            if (recurse && entry.IsDirectory && depth > 0) Walk(entry.Path, recurse, depth - 1);
        }
    }

    /// <summary>Names of a folder's entries (for wildcards and tab completion); containers always with ReturnAllContainers.</summary>
    protected override void GetChildNames(string path, ReturnContainers returnContainers)
    {
        if (TryStat(At(path)) is not { IsDirectory: true } folder) return;
        foreach (var entry in Entries(folder.Path))
        {
            var all = returnContainers == ReturnContainers.ReturnAllContainers && entry.IsDirectory;
            if (all || Matches(entry.Name)) WriteItemObject(entry.Name, ProviderPath(entry.Path), entry.IsDirectory);
        }
    }

    /// <summary>The entries of <paramref name="folder"/>; at the vault's root also the read-only views peers and realms
    /// (control paths starting with them name the views, so a vault folder of either name is left out: the mount shows it).</summary>
    private List<VaultItem> Entries(string folder) => Call(async (control, token) =>
    {
        var entries = (await control.ListAsync(folder, token).ConfigureAwait(false)).ToList();
        if (folder.Length != 0) return entries;
        entries.RemoveAll(e => e.Name is SharedViews.Peers or SharedViews.Realms);
        foreach (var view in new[] { SharedViews.Peers, SharedViews.Realms }) entries.Add(await control.StatAsync(view, token).ConfigureAwait(false));
        return entries;
    });

    private bool Matches(string name) => string.IsNullOrEmpty(Filter) || WildcardPattern.Get(Filter, WildcardOptions.None).IsMatch(name);

    /// <summary>New-Item -ItemType File (with -Value: its text, no line feed added; -Force replaces an existing file) or
    /// -ItemType Directory.</summary>
    protected override void NewItem(string path, string itemTypeName, object newItemValue)
    {
        var vaultPath = At(path);
        var type = string.IsNullOrEmpty(itemTypeName) ? "file" : itemTypeName.ToLowerInvariant();
        if (type is not ("file" or "directory" or "folder"))
        {
            WriteError(ControlErrors.Record("ItemType", ErrorCategory.InvalidArgument, $"the Indra provider creates File or Directory items, not {itemTypeName}", path));
            return;
        }
        if (!ShouldProcess(path, "New " + (type == "file" ? "file" : "directory"))) return;
        Change(path, () =>
        {
            if (type != "file")
            {
                WriteVaultItem(Call((control, token) => control.MakeDirectoryAsync(vaultPath, token)));
                return;
            }
            if (!Force && Find(vaultPath) is not null) throw new VaultControlException(ControlErrorKind.AlreadyExists, $"{vaultPath} exists (use -Force to replace it)");
            var text = newItemValue is null ? "" : PSObject.AsPSObject(newItemValue).BaseObject.ToString() ?? "";
            using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
            WriteVaultItem(Call((control, token) => control.WriteAsync(vaultPath, content, WriteMode.Replace, token)));
        });
    }

    /// <inheritdoc />
    protected override void RemoveItem(string path, bool recurse)
    {
        var vaultPath = At(path);
        if (!ShouldProcess(path, "Remove")) return;
        Change(path, () => Call(async (control, token) =>
        {
            await control.RemoveAsync(vaultPath, recurse, token).ConfigureAwait(false);
            return true;
        }));
    }

    /// <summary>Renames the item in its folder (-Force replaces a file of the new name).</summary>
    protected override void RenameItem(string path, string newName)
    {
        var from = At(path);
        var to = VaultPaths.Child(VaultPaths.Parent(from), VaultPaths.Name(VaultPaths.FromProvider(newName)));
        if (!ShouldProcess(path, "Rename to " + ProviderPath(to))) return;
        Change(path, () => WriteVaultItem(Call((control, token) => control.RenameAsync(from, to, Force, token))));
    }

    /// <summary>Moves the item to <paramref name="destination"/>, or into it when it is a folder (-Force replaces a file).</summary>
    protected override void MoveItem(string path, string destination)
    {
        var from = At(path);
        if (Target(from, destination, path) is not { } to || !ShouldProcess(path, "Move to " + ProviderPath(to))) return;
        Change(path, () => WriteVaultItem(Call((control, token) => control.RenameAsync(from, to, Force, token))));
    }

    /// <summary>Copies the item by reference (the copy names the same content: no block is written), into
    /// <paramref name="copyPath"/> when it is a folder; a folder needs -Recurse.</summary>
    protected override void CopyItem(string path, string copyPath, bool recurse)
    {
        var from = At(path);
        if (Target(from, copyPath, path) is not { } to || !ShouldProcess(path, "Copy to " + ProviderPath(to))) return;
        Change(path, () => WriteVaultItem(Call((control, token) => control.CopyAsync(from, to, recurse, token))));
    }

    /// <summary>The vault path an item at <paramref name="from"/> moves or copies to: into <paramref name="destination"/>
    /// when that is an existing folder, else <paramref name="destination"/> itself; null (and an error written) when the
    /// destination is on another drive: items move and copy by reference inside one vault only.</summary>
    private string? Target(string from, string destination, string path)
    {
        if (VaultPaths.DriveName(destination) is { } name && Drive is { } drive && !name.Equals(drive.Name, StringComparison.OrdinalIgnoreCase))
        {
            WriteError(ControlErrors.Record("OtherDrive", ErrorCategory.InvalidArgument, $"{destination} is on another drive: items move and copy inside one vault", path));
            return null;
        }
        var to = VaultPaths.FromProvider(destination);
        return Find(to) is { IsDirectory: true } ? VaultPaths.Child(to, VaultPaths.Name(from)) : to;
    }
}
