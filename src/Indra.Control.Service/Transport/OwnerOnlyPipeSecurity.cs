using System.IO.Pipes;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace Indra.Control.Service.Transport;

/// <summary>
/// The access control list of the Windows control pipe: one rule, allowing the vault owner's account (the daemon's
/// user) to read, write and create pipe instances, and nothing for anyone else, SYSTEM and Administrators included
/// (they are not needed: the CLI and the module run as the owner; an administrator can take ownership of anything
/// anyway, so granting them would protect nothing and refusing them here costs nothing). Inheritance from the pipe
/// namespace's default ACL is cut off (protected), so the default grants to Everyone/Anonymous for reading do not apply.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class OwnerOnlyPipeSecurity
{
    /// <summary>The pipe security granting <paramref name="owner"/> alone, and making it the owner.</summary>
    internal static PipeSecurity For(SecurityIdentifier owner)
    {
        var security = new PipeSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.SetOwner(owner);
        security.AddAccessRule(new PipeAccessRule(owner, PipeAccessRights.ReadWrite | PipeAccessRights.CreateNewInstance, AccessControlType.Allow));
        return security;
    }

    /// <summary>The pipe security of this process's user (<see cref="WindowsIdentity.GetCurrent()"/>).</summary>
    internal static PipeSecurity ForCurrentUser()
    {
        using var identity = WindowsIdentity.GetCurrent();
        return For(identity.User ?? throw new InvalidOperationException("the current Windows identity has no user SID"));
    }
}
