using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Indra.Hashing;

/// <summary>The widest lane-wise kernel the multi-input compression may use (paper §5.3).</summary>
internal enum Blake3Backend
{
    /// <summary>One input at a time with the portable compression function.</summary>
    Scalar = 0,

    /// <summary>4 inputs at a time (<see cref="Blake3Kernel128"/>).</summary>
    Vector128 = 1,

    /// <summary>8 inputs at a time (<see cref="Blake3Kernel256"/>), AVX2.</summary>
    Vector256 = 2,

    /// <summary>16 inputs at a time (<see cref="Blake3Kernel512"/>).</summary>
    Vector512 = 3,
}

/// <summary>
/// Chooses the kernel from the CPU's capabilities, with a test hook that forces a narrower (or, for
/// <see cref="Blake3Backend.Vector512"/> on AVX2-only CPUs, an emulated) kernel so that every path can be verified.
/// </summary>
internal static class Blake3Dispatch
{
    private static volatile int _forced = -1;

    /// <summary>The best kernel for this CPU, detected once.</summary>
    public static Blake3Backend Detected { get; } = Detect();

    /// <summary>
    /// Test hook: when non-null, every hash computed from now on (in any thread) uses this kernel instead of
    /// <see cref="Detected"/>. Only kernels for which <see cref="CanRun"/> is true may be forced.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The kernel cannot run on this CPU.</exception>
    public static Blake3Backend? Forced
    {
        get => _forced < 0 ? null : (Blake3Backend)_forced;
        set
        {
            if (value is { } backend && !CanRun(backend))
            {
                throw new PlatformNotSupportedException($"The BLAKE3 {backend} kernel cannot run on this CPU.");
            }

            _forced = value is { } b ? (int)b : -1;
        }
    }

    /// <summary>The kernel in use: <see cref="Forced"/> if set, otherwise <see cref="Detected"/>.</summary>
    public static Blake3Backend Active
    {
        get
        {
            int forced = _forced;
            return forced < 0 ? Detected : (Blake3Backend)forced;
        }
    }

    /// <summary>
    /// True if <paramref name="backend"/> computes correct results on this CPU (possibly slowly, for
    /// <see cref="Blake3Backend.Vector512"/> emulated on AVX2).
    /// </summary>
    public static bool CanRun(Blake3Backend backend) => backend switch
    {
        Blake3Backend.Scalar => true,
        Blake3Backend.Vector128 => BitConverter.IsLittleEndian,
        Blake3Backend.Vector256 or Blake3Backend.Vector512 => BitConverter.IsLittleEndian && Avx2.IsSupported,
        _ => false,
    };

    /// <summary>A short description of <paramref name="backend"/> on this CPU, for diagnostics.</summary>
    public static string Describe(Blake3Backend backend) => backend switch
    {
        Blake3Backend.Vector512 => Vector512.IsHardwareAccelerated ? "AVX-512 16-way" : "Vector512 16-way (software-emulated)",
        Blake3Backend.Vector256 => "AVX2 8-way",
        Blake3Backend.Vector128 when Ssse3.IsSupported => "SSSE3/Vector128 4-way",
        Blake3Backend.Vector128 => Vector128.IsHardwareAccelerated ? "Vector128 4-way" : "Vector128 4-way (software-emulated)",
        _ => "scalar",
    };

    private static Blake3Backend Detect()
    {
        if (!BitConverter.IsLittleEndian)
        {
            return Blake3Backend.Scalar;
        }

        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx2.IsSupported)
        {
            return Blake3Backend.Vector512;
        }

        if (Avx2.IsSupported)
        {
            return Blake3Backend.Vector256;
        }

        return Vector128.IsHardwareAccelerated ? Blake3Backend.Vector128 : Blake3Backend.Scalar;
    }
}
