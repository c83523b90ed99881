using System.CommandLine;
using System.Text.Json;
using Indra.Policy;
using Indra.Policy.Sources;

namespace Indra.Cli.Commands;

/// <summary>
/// <c>indra policy [--json] [--option SETTING=VALUE]...</c>: prints every policy setting's effective value and where
/// it came from (docs/policy.md), one line each: <c>SETTING VALUE SOURCE</c>. With <c>--option</c> it shows what a
/// mount given those options would get. An invalid policy prints its one line and exits 1.
/// </summary>
internal static class PolicyCommand
{
    internal static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {setting, value, source} instead" };
        var options = new Option<string[]>("--option", "-o") { Description = "As for 'indra mount': SETTING=VALUE from the command line" };
        var command = new Command("policy", "Show the policy settings in force and where each came from (machine policy, user config, command line, default)") { json, options };
        command.SetAction(parse =>
        {
            var locations = PolicyLocations.ForThisMachine();
            EffectivePolicy policy;
            try
            {
                policy = EffectivePolicy.Load(locations, parse.GetValue(options) ?? []);
            }
            catch (PolicyException e)
            {
                throw new CliException(e.Message);
            }
            if (parse.GetValue(json)) PrintJson(policy);
            else Print(policy);
            return 0;
        });
        return command;
    }

    private static void Print(EffectivePolicy policy)
    {
        var values = policy.Values;
        var nameWidth = values.Max(v => v.Setting.Path.Length);
        var valueWidth = values.Max(v => v.Text.Length);
        foreach (var value in values)
        {
            Console.WriteLine($"{value.Setting.Path.PadRight(nameWidth)}  {value.Text.PadRight(valueWidth)}  {value.Source.Describe()}");
        }
    }

    private static void PrintJson(EffectivePolicy policy)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var value in policy.Values)
            {
                writer.WriteStartObject();
                writer.WriteString("setting", value.Setting.Path);
                writer.WritePropertyName("value");
                switch (value.Value)
                {
                    case long number:
                        writer.WriteNumberValue(number);
                        break;
                    case bool flag:
                        writer.WriteBooleanValue(flag);
                        break;
                    case IReadOnlyList<string> list:
                        writer.WriteStartArray();
                        foreach (var item in list) writer.WriteStringValue(item);
                        writer.WriteEndArray();
                        break;
                }
                writer.WriteString("source", value.Source.Describe());
                writer.WriteString("registryValue", value.Setting.RegistryValue);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        stdout.WriteByte((byte)'\n');
    }
}
