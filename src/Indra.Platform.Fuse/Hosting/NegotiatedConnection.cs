namespace Indra.Platform.Fuse.Hosting;

/// <summary>What the <c>init</c> callback agreed with the kernel (for logs and tests).</summary>
/// <param name="ProtocolMajor">FUSE kernel protocol major version.</param>
/// <param name="ProtocolMinor">FUSE kernel protocol minor version.</param>
/// <param name="MaxWrite">Largest write request in bytes.</param>
/// <param name="MaxReadahead">Largest readahead in bytes.</param>
/// <param name="Capable">FUSE_CAP_* bits offered.</param>
/// <param name="Want">FUSE_CAP_* bits taken.</param>
internal readonly record struct NegotiatedConnection(
    uint ProtocolMajor, uint ProtocolMinor, uint MaxWrite, uint MaxReadahead, uint Capable, uint Want);
