using Indra.Storage.Metadata;

namespace Indra.Storage.Tests;

/// <summary>The numbers <c>nodes.kind</c> stores (the engine's <c>NodeKind</c>), for tests of the storage layer alone.</summary>
internal static class StoredKind
{
    internal const int File = 0;
    internal const int Directory = NodeRecord.DirectoryKind;
    internal const int BlockDevice = 6;
}
