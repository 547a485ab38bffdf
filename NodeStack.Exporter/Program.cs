using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using NodeStack.Exporter;

// Read before starting: once the start fails, the application's services are gone.
var listenSettings = "";
try
{
    var app = ExporterApplication.Build(args);
    listenSettings = ExporterApplication.DescribeListenSettings(app);
    await app.RunAsync();
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
catch (IOException taken) when (taken.InnerException is AddressInUseException)
{
    // Kestrel wraps the bind failure; one line naming the settings says all there is to fix.
    await Console.Error.WriteLineAsync($"NodeStack.Exporter cannot start: {listenSettings}: address in use (another process listens there).");
    return 2;
}
