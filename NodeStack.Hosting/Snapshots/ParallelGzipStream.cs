using System.IO.Compression;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// Writes gzip as a series of members, one per 1 MiB chunk, compressed on all cores at once (as pigz does). A chunk
/// whose first 64 KiB do not shrink by a tenth at level 1 (chain databases are mostly compressed already) is stored
/// uncompressed, which costs a copy instead of a slow pass that would gain nothing. Any gzip reader (.NET's
/// <see cref="GZipStream"/>, GNU and busybox <c>gzip -d</c>, so the node images' own <c>tar xzf</c>) reads the members
/// as one stream. Output is deterministic: it depends only on the bytes written.
/// </summary>
internal sealed class ParallelGzipStream : Stream
{
    private const int ChunkSize = 1 << 20;
    private const int ProbeSize = 64 << 10;
    private const double WorthCompressing = 0.9;

    private readonly Stream _output;
    private readonly Queue<Task<MemoryStream>> _pending = new();
    private readonly int _maxPending = Math.Max(2, Environment.ProcessorCount * 2);
    private byte[] _chunk = new byte[ChunkSize];
    private int _filled;
    private bool _finished;

    /// <summary>Compresses into <paramref name="output"/>, which it leaves open.</summary>
    public ParallelGzipStream(Stream output) => _output = output;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer[..take].CopyTo(_chunk.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == ChunkSize)
            {
                Dispatch();
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer.Span[..take].CopyTo(_chunk.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == ChunkSize)
            {
                await DispatchAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Compresses what is left and writes every member; the stream takes no more writes after this.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_filled > 0)
        {
            _pending.Enqueue(Compress(_chunk, _filled));
        }

        while (_pending.Count > 0)
        {
            await WriteOldestAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            FinishAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private void Dispatch()
    {
        Enqueue();
        while (_pending.Count >= _maxPending)
        {
            WriteOldestAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        Enqueue();
        while (_pending.Count >= _maxPending)
        {
            await WriteOldestAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Enqueue()
    {
        _pending.Enqueue(Compress(_chunk, _filled));
        _chunk = new byte[ChunkSize];
        _filled = 0;
    }

    private async Task WriteOldestAsync(CancellationToken cancellationToken)
    {
        using var member = await _pending.Dequeue().ConfigureAwait(false);
        member.Position = 0;
        await member.CopyToAsync(_output, cancellationToken).ConfigureAwait(false);
    }

    private static Task<MemoryStream> Compress(byte[] chunk, int length) => Task.Run(() =>
    {
        var level = IsWorthCompressing(chunk.AsSpan(0, Math.Min(length, ProbeSize))) ? 1 : 0;
        var member = new MemoryStream(level == 0 ? length + 64 : length / 2);
        using (var gzip = new GZipStream(member, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            gzip.Write(chunk, 0, length);
        }

        return member;
    });

    private static bool IsWorthCompressing(ReadOnlySpan<byte> probe)
    {
        using var sink = new MemoryStream(probe.Length);
        using (var deflate = new DeflateStream(sink, new ZLibCompressionOptions { CompressionLevel = 1 }, leaveOpen: true))
        {
            deflate.Write(probe);
        }

        return sink.Length < probe.Length * WorthCompressing;
    }
}
