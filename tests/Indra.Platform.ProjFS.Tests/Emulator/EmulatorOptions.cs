namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>Knobs for the emulated ProjFS, covering the behaviour projfs.md marks UNVERIFIED or caller-dependent.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The process id reported in callbacks for the application's operations.</summary>
    public uint ApplicationProcessId { get; init; } = 4242;

    /// <summary>What the caller does on a first-entry overflow.</summary>
    public FirstEntryOverflowMode FirstEntryOverflow { get; init; } = FirstEntryOverflowMode.GrowBuffer;

    /// <summary>Whether a non-hydrated placeholder opened for writing is hydrated before FILE_PRE_CONVERT_TO_FULL (UNVERIFIED order; default after).</summary>
    public bool HydrateBeforeConvertToFull { get; init; }

    /// <summary>Unbuffered readers: PrjWriteFileData offsets and lengths must be multiples of this (0 = buffered, no checks).</summary>
    public uint WriteAlignment { get; init; }

    /// <summary>Callback threads when PrjStartVirtualizing passes no PoolThreadCount (at most 16 either way).</summary>
    public int CallbackThreads { get; init; } = 4;

    /// <summary>
    /// Hydrate with GetFileData calls for random ranges (in random order, seeded with <see cref="RandomSeed"/>;
    /// aligned to <see cref="WriteAlignment"/> when set) instead of one call for the whole file: the provider must
    /// serve any range it is asked for (sdk-api prj_get_file_data_cb: ByteOffset and Length are arbitrary).
    /// </summary>
    public bool RandomFileDataRanges { get; init; }

    /// <summary>The seed for <see cref="RandomFileDataRanges"/>.</summary>
    public int RandomSeed { get; init; } = 17;

    /// <summary>How long a callback that returned ERROR_IO_PENDING may take to complete.</summary>
    public TimeSpan PendingTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
