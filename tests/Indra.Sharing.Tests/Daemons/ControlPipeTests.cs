using System.IO.Pipes;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using System.Text;
using Indra.Control;
using Indra.Control.Service.Transport;
using Indra.Hashing;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// The pure parts of the Windows control endpoint, which cannot run here: the pipe name a vault's path gives (one name
/// for every spelling of a path on Windows, another for another vault), and the owner-only ACL (Windows only: its
/// types throw off Windows, so that test is ignored here with the reason).
/// </summary>
[TestFixture]
public sealed class ControlPipeTests
{
    [Test]
    public void ThePipeName_IsTheBlake3OfTheFullPath_CaseFoldedOnWindows()
    {
        const string path = @"C:\Users\Ann\Indra\vault";
        var name = ControlSocket.PipeNameOf(path, ignoreCase: true);
        Assert.That(name, Does.Match("^indra-control-[0-9a-f]{24}$"));
        Assert.That(name, Is.EqualTo("indra-control-" + Blake3.Hash(Encoding.UTF8.GetBytes(path.ToLowerInvariant())).ToString()[..24]));
        Assert.That(ControlSocket.PipeNameOf(@"c:\users\ann\INDRA\Vault", ignoreCase: true), Is.EqualTo(name), "one vault, one pipe, however its path is spelt");
        Assert.That(ControlSocket.PipeNameOf(@"C:\Users\Ann\Indra\vault2", ignoreCase: true), Is.Not.EqualTo(name));
        Assert.That(ControlSocket.PipeNameOf(@"c:\users\ann\indra\vault", ignoreCase: false), Is.Not.EqualTo(ControlSocket.PipeNameOf(path, ignoreCase: false)));
    }

    [Test]
    public void AnEndpointIsAPipe_OnlyInThePipeNamespace()
    {
        Assert.That(ControlSocket.IsPipe(@"\\.\pipe\indra-control-0123456789abcdef01234567"), Is.True);
        var here = ControlSocket.PathFor(Path.Combine(Path.GetTempPath(), "v"));
        Assert.That(ControlSocket.IsPipe(here), Is.EqualTo(OperatingSystem.IsWindows()), here);
    }

    [Test]
    [SupportedOSPlatform("windows")]
    public void TheAcl_GrantsTheOwnerAlone_AndInheritsNothing()
    {
        PipeSecurity security;
        SecurityIdentifier owner;
        try
        {
            owner = new SecurityIdentifier("S-1-5-21-1004336348-1177238915-682003330-1001");
            security = OwnerOnlyPipeSecurity.For(owner);
        }
        catch (PlatformNotSupportedException e) when (!OperatingSystem.IsWindows())
        {
            Assert.Ignore($"Windows only: pipe ACLs cannot be built on {Environment.OSVersion.Platform} ({e.Message}); unverified here");
            return;
        }
        var rules = security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier)).Cast<PipeAccessRule>().ToList();
        Assert.That(rules.Select(r => (r.IdentityReference.Value, r.AccessControlType)), Is.EqualTo(new[] { (owner.Value, AccessControlType.Allow) }));
        Assert.That(rules[0].PipeAccessRights & PipeAccessRights.ReadWrite, Is.EqualTo(PipeAccessRights.ReadWrite));
        Assert.That(security.AreAccessRulesProtected, Is.True, "nothing inherited from the pipe namespace's defaults");
        Assert.That(security.GetOwner(typeof(SecurityIdentifier))?.Value, Is.EqualTo(owner.Value));
    }
}
