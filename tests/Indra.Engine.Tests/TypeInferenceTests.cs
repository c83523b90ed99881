using Indra.Engine.Domain;

namespace Indra.Engine.Tests;

public sealed class TypeInferenceTests
{
    [TestCase("a.md", LeafType.File)]
    [TestCase("photo.JPG", LeafType.Image)]
    [TestCase("x.webp", LeafType.Image)]
    [TestCase("thanks.token", LeafType.Token)]
    [TestCase("me.attestation", LeafType.Attestation)]
    [TestCase("clip.mp4", LeafType.File)]
    [TestCase("noext", LeafType.File)]
    public void LeafTypesFollowTheDesignTable(string name, LeafType expected) => Assert.That(TypeInference.LeafTypeOf(name), Is.EqualTo(expected));

    [TestCase("gallery", "", TreeType.Vault, TreeType.Gallery)]
    [TestCase("inbox", "", TreeType.Vault, TreeType.Inbox)]
    [TestCase("notes", "", TreeType.Vault, TreeType.Collection)]
    [TestCase("quest-log", "stories", TreeType.Collection, TreeType.Story)]
    [TestCase("spec", "documents", TreeType.Collection, TreeType.Document)]
    [TestCase("deep", "notes", TreeType.Collection, TreeType.Collection)]
    public void TreeTypesFollowTheDesignTable(string name, string parentName, TreeType parentType, TreeType expected) =>
        Assert.That(TypeInference.TreeTypeOf(name, parentName, parentType), Is.EqualTo(expected));
}
