using Microsoft.Extensions.Options;

namespace NodeStack.Exporter.Options;

/// <summary>Fails startup with one message per bad setting, each naming the setting.</summary>
internal sealed class ExporterOptionsValidator : IValidateOptions<ExporterOptions>
{
    public ValidateOptionsResult Validate(string? name, ExporterOptions options) =>
        options.SettingErrors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(options.SettingErrors);
}
