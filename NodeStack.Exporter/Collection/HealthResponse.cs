using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NodeStack.Exporter.Collection;

/// <summary>
/// The /health answer: the overall status on the first line, then each check with its status and description, so
/// that a Degraded exporter says why (the last collection's fault). Descriptions never hold credentials: the fault
/// texts name the node's address and the kind of failure, and the node's URL carries no userinfo.
/// </summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status);
            if (!string.IsNullOrEmpty(entry.Description))
            {
                text.Append(" - ").Append(entry.Description);
            }

            text.Append('\n');
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
