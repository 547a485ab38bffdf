namespace NodeStack.Exporter.ProcessMetrics;

/// <summary>Reads a small /proc file into a caller's buffer in one go, with no stream or string.</summary>
internal static class ProcFile
{
    /// <returns>The bytes read, or -1 when the file cannot be read (no procfs, a hardened mount).</returns>
    public static int Read(string path, Span<byte> buffer)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var total = 0;
            int read;
            while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer[total..], total)) > 0)
            {
                total += read;
            }

            return total;
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
