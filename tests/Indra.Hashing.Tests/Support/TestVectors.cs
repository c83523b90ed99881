using System.Text;
using System.Text.Json;

namespace Indra.Hashing.Tests.Support;

/// <summary>One case of the official BLAKE3 test vectors: an input length and the extended output of each mode.</summary>
public sealed record TestVectorCase(int InputLength, string Hash, string KeyedHash, string DeriveKey)
{
    /// <inheritdoc/>
    public override string ToString() => $"len {InputLength}";
}

/// <summary>
/// The official vectors (BLAKE3-team/BLAKE3 test_vectors/test_vectors.json, carried in TestData/ as public test data): the input is <c>i mod 251</c>, the key is
/// "whats the Elvish word for friend", the derive_key context is a fixed string, and outputs are 131 bytes.
/// </summary>
public static class TestVectors
{
    private const string RelativePath = "TestData/blake3_test_vectors.json";

    private static readonly Lazy<Loaded> Vectors = new(Load);

    /// <summary>All cases in file order.</summary>
    public static IReadOnlyList<TestVectorCase> Cases => Vectors.Value.Cases;

    /// <summary>The 32-byte keyed_hash key.</summary>
    public static byte[] Key => Vectors.Value.Key;

    /// <summary>The derive_key context string.</summary>
    public static string Context => Vectors.Value.Context;

    /// <summary>The vector input of <paramref name="length"/> bytes: byte i is i mod 251.</summary>
    public static byte[] Input(int length)
    {
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++)
        {
            input[i] = (byte)(i % 251);
        }

        return input;
    }

    /// <summary>The copy carried by this project, copied beside the test assembly at build.</summary>
    public static string FindFile() => Path.Combine(TestContext.CurrentContext.TestDirectory, RelativePath);

    private static Loaded Load()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(FindFile()));
        JsonElement root = doc.RootElement;
        List<TestVectorCase> cases = [];
        foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
        {
            cases.Add(new TestVectorCase(
                c.GetProperty("input_len").GetInt32(),
                c.GetProperty("hash").GetString()!,
                c.GetProperty("keyed_hash").GetString()!,
                c.GetProperty("derive_key").GetString()!));
        }

        return new Loaded(cases, Encoding.ASCII.GetBytes(root.GetProperty("key").GetString()!), root.GetProperty("context_string").GetString()!);
    }

    private sealed record Loaded(List<TestVectorCase> Cases, byte[] Key, string Context);
}
