using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Indra.Hashing;

/// <content>Hashing files and streams.</content>
public static partial class Blake3
{
    /// <summary>Files shorter than this (in bytes) are read rather than memory-mapped.</summary>
    private const long MinimumMapLength = 16 * 1024;

    /// <summary>Read size for streams, in bytes: a power of two, so every full read is an aligned subtree.</summary>
    private const int StreamBufferLength = 4 * 1024 * 1024;

    /// <summary>
    /// The 32-byte hash (hash mode) of the file at <paramref name="path"/>, using all processors. Equivalent to
    /// <see cref="HashFile(string, int)"/> with -1.
    /// </summary>
    /// <param name="path">The file to hash.</param>
    /// <returns>The hash of the file's bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory in the path does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="IOException">Reading or mapping the file failed.</exception>
    public static Blake3Hash HashFile(string path) => HashFile(path, -1);

    /// <summary>
    /// The 32-byte hash (hash mode) of the file at <paramref name="path"/>. Regular files of 16 KiB or more are
    /// memory-mapped and hashed with <see cref="HashParallel"/>'s subtree parallelism (as b3sum does); other files
    /// (small, without a length such as pipes and /proc entries, or on file systems that cannot be mapped) are read as
    /// a stream. The file must not be truncated while it is being hashed.
    /// </summary>
    /// <param name="path">The file to hash.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 for <see cref="Environment.ProcessorCount"/>, 1 for one thread.</param>
    /// <returns>The hash of the file's bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">A directory in the path does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="IOException">Reading or mapping the file failed.</exception>
    public static Blake3Hash HashFile(string path, int maxDegreeOfParallelism)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int degree = ResolveDegree(maxDegreeOfParallelism);
        using FileStream file = new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });

        long length = file.CanSeek ? file.Length : 0;
        if (length < MinimumMapLength)
        {
            return HashStream(file, degree);
        }

        MemoryMappedFile map;
        MemoryMappedViewAccessor view;
        try
        {
            map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            try
            {
                view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            }
            catch
            {
                map.Dispose();
                throw;
            }
        }
        catch (IOException)
        {
            // Some file systems (FUSE with direct I/O, some network mounts) cannot be mapped: read the file instead.
            return HashStream(file, degree);
        }

        using (map)
        using (view)
        {
            return HashMapped(view, (ulong)length, degree);
        }
    }

    private static unsafe Blake3Hash HashMapped(MemoryMappedViewAccessor view, ulong length, int degree)
    {
        byte* mapped = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref mapped);
        try
        {
            uint* key = stackalloc uint[8];
            Blake3Constants.WriteIV(new Span<uint>(key, 8));
            Span<byte> output = stackalloc byte[Blake3Hash.Size];
            Blake3ParallelTree.RootOutput(mapped + view.PointerOffset, length, key, 0, degree).RootBytes(0, output);
            return new Blake3Hash(output);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>
    /// The 32-byte hash (hash mode) of everything read from <paramref name="stream"/> until its end, using all
    /// processors. Equivalent to <see cref="HashStream(Stream, int)"/> with -1.
    /// </summary>
    /// <param name="stream">A readable stream, read from its current position to its end; not disposed.</param>
    /// <returns>The hash of the bytes read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="NotSupportedException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static Blake3Hash HashStream(Stream stream) => HashStream(stream, -1);

    /// <summary>
    /// The 32-byte hash (hash mode) of everything read from <paramref name="stream"/> until its end. The stream is
    /// read in 4 MiB pieces, each hashed as whole aligned subtrees on up to
    /// <paramref name="maxDegreeOfParallelism"/> threads.
    /// </summary>
    /// <param name="stream">A readable stream, read from its current position to its end; not disposed.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 for <see cref="Environment.ProcessorCount"/>, 1 for one thread.</param>
    /// <returns>The hash of the bytes read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
    /// <exception cref="NotSupportedException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public static Blake3Hash HashStream(Stream stream, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int degree = ResolveDegree(maxDegreeOfParallelism);
        Blake3Hasher hasher = new();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(StreamBufferLength);
        try
        {
            while (true)
            {
                int read = stream.ReadAtLeast(buffer.AsSpan(0, StreamBufferLength), StreamBufferLength, throwOnEndOfStream: false);
                hasher.UpdateCore(buffer.AsSpan(0, read), degree);
                if (read < StreamBufferLength)
                {
                    return hasher.Finalize();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
