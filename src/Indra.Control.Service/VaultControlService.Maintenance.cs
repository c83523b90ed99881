using Indra.Control.Model;
using Indra.Control.Service.Items;
using Indra.Engine.Maintenance;

namespace Indra.Control.Service;

public sealed partial class VaultControlService
{
    /// <inheritdoc/>
    public Task<CheckReport> CheckAsync(bool repair, IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default)
    {
        RequireUnmounted("checked");
        progress?.Report(new MaintenanceProgress("start", 0, null));
        var checker = new VaultChecker(_vault, line => progress?.Report(ProgressLine.Parse(line)));
        var problems = checker.Run(repair);
        progress?.Report(new MaintenanceProgress("done", checker.BlocksChecked, checker.BlocksChecked));
        var report = new CheckReport(problems.Select(p => new CheckProblem(p.Kind.ToString(), p.Description, p.Repaired)).ToList(),
            problems.Count(p => p.Repaired), checker.BlocksChecked);
        return Task.FromResult(report);
    }

    /// <inheritdoc/>
    public Task<CollectReport> CollectGarbageAsync(IProgress<MaintenanceProgress>? progress, CancellationToken cancellation = default)
    {
        RequireUnmounted("collected");
        progress?.Report(new MaintenanceProgress("start", 0, null));
        var (blocks, bytes) = GarbageCollector.Collect(_vault, line => progress?.Report(ProgressLine.Parse(line)));
        progress?.Report(new MaintenanceProgress("done", blocks, blocks));
        return Task.FromResult(new CollectReport(blocks, bytes));
    }

    /// <inheritdoc/>
    public Task UnmountAsync(CancellationToken cancellation = default)
    {
        if (_mount is null) throw new VaultControlException(ControlErrorKind.NotMounted, $"the vault at {_directory} is not mounted");
        _mount.RequestUnmount();
        return Task.CompletedTask;
    }

    /// <summary>Checks and collections walk every block with nothing else changing the vault: not under a live mount.</summary>
    private void RequireUnmounted(string what)
    {
        if (_mount is not null)
        {
            throw new VaultControlException(ControlErrorKind.Busy, $"the vault is mounted at {_mount.MountPoint}: it can be {what} only when unmounted ('indra unmount {_mount.MountPoint}')");
        }
    }
}
