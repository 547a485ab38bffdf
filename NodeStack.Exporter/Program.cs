using Microsoft.Extensions.Options;
using NodeStack.Exporter;

try
{
    await ExporterApplication.Build(args).RunAsync();
    return 0;
}
catch (OptionsValidationException invalid)
{
    // A bad setting stops the exporter at startup, each message naming the setting.
    await Console.Error.WriteLineAsync("NodeStack.Exporter cannot start: invalid configuration.");
    foreach (var failure in invalid.Failures)
    {
        await Console.Error.WriteLineAsync("  " + failure);
    }

    return 2;
}
