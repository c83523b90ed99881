namespace Indra.Platform.Fuse.Tests.Mounting;

[TestFixture]
public sealed class FuseHostTests
{
    [Test]
    public void Is_named_fuse() => Assert.That(new FuseHost().Name, Is.EqualTo("fuse"));

    [Test]
    public void Is_available_on_this_machine()
    {
        bool available = new FuseHost().IsAvailable(out string reason);
        Assert.That(available, Is.True, $"FUSE is required for these tests: {reason}");
        Assert.That(reason, Is.Empty);
    }
}
