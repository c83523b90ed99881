namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>One provider callback on its way through the emulator's callback pool (guarded by the emulator's lock).</summary>
internal sealed class CallbackCall(string trace, int commandId)
{
    /// <summary>The trace line ("GetFileData(a,0,5)").</summary>
    public string Trace { get; } = trace;

    /// <summary>The callback's CommandId.</summary>
    public int CommandId { get; } = commandId;

    /// <summary>Failures ProjFS functions returned to the provider during the callback (rule 4 of the return filter).</summary>
    public HashSet<int> ApiFailures { get; } = [];

    /// <summary>For GetPlaceholderInfo: the name PrjWritePlaceholderInfo must use, and the parent it lands in.</summary>
    public PlaceholderRequest? PlaceholderRequest { get; init; }

    /// <summary>True once the provider returned.</summary>
    public bool Done { get; set; }

    /// <summary>What the provider returned.</summary>
    public int Result { get; set; }

    /// <summary>What the provider threw, if anything.</summary>
    public Exception? Error { get; set; }
}

/// <summary>An in-flight GetPlaceholderInfo: what WritePlaceholderInfo must name.</summary>
internal sealed record PlaceholderRequest(string CallerPath, EmulatedItem Parent);
