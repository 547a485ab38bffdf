using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// The archive format: a gzip-compressed tar of the data directory's content, entries relative to it (<c>./</c>,
/// <c>./chaindata/...</c>), owners and modes as they were. The same tar a Kubernetes Job writes with
/// <c>tar czf - -C /data .</c>, so a snapshot moves between runtimes as it is.
/// </summary>
internal static class SnapshotArchive
{
    // PAX attributes the entry's own properties carry; the rest (extended file attributes) are kept as they are.
    private static readonly HashSet<string> HeaderAttributes = new(StringComparer.Ordinal) { "path", "linkpath", "size", "mtime", "atime", "ctime", "uid", "gid", "uname", "gname" };

    /// <summary>Entries with this prefix are NodeStack's own restore work folders, never part of a snapshot.</summary>
    public const string WorkFolderPrefix = ".nodestack-";

    /// <summary>
    /// Reads the tar Docker's archive endpoint produced for the data directory (one top-level entry named after it),
    /// writes it compressed to <paramref name="archive"/> with entries relative to the data directory, and returns
    /// the tar's size and the archive's size and SHA-256. <paramref name="progress"/> gets the data bytes so far.
    /// </summary>
    public static async Task<ArchiveSummary> WriteAsync(Stream dockerTar, Stream archive, Action<long>? progress, CancellationToken cancellationToken)
    {
        var hashed = new HashingWriteStream(archive);
        var gzip = new ParallelGzipStream(hashed);
        var tarBytes = new HashingWriteStream(gzip, hash: false);
        await using (var reader = new TarReader(dockerTar, leaveOpen: true))
        await using (var writer = new TarWriter(tarBytes, TarEntryFormat.Pax, leaveOpen: true))
        {
            string? top = null;
            long reported = 0;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                top ??= entry.Name.TrimEnd('/');
                var relative = Relative(entry.Name, top);
                if (relative is null || IsWorkFolder(relative))
                {
                    continue;
                }

                await writer.WriteEntryAsync(Rebased(entry, relative, top), cancellationToken).ConfigureAwait(false);
                if (progress is not null && tarBytes.Length - reported >= 64 << 20)
                {
                    reported = tarBytes.Length;
                    progress(reported);
                }
            }
        }

        await gzip.FinishAsync(cancellationToken).ConfigureAwait(false);
        await archive.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new ArchiveSummary(tarBytes.Length, hashed.Length, hashed.HashHex());
    }

    /// <summary>
    /// Checks the archive file against its manifest (size, then SHA-256) without touching anything else; a truncated
    /// or altered archive is refused with what differs.
    /// </summary>
    public static async Task VerifyAsync(string path, SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new SnapshotException($"The archive of snapshot {manifest.Id} is missing: {path}.");
        }

        if (file.Length != manifest.ArchiveBytes)
        {
            throw new SnapshotException($"The archive of snapshot {manifest.Id} is truncated or altered: {file.Length} bytes where its manifest says {manifest.ArchiveBytes}. Nothing was restored.");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        if (!string.Equals(hash, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new SnapshotException($"The archive of snapshot {manifest.Id} is corrupted: its SHA-256 is {hash}, its manifest says {manifest.Sha256}. Nothing was restored.");
        }
    }

    /// <summary>The archive's tar stream, decompressed, as Docker's archive endpoint takes it.</summary>
    public static Stream OpenTar(string path) =>
        new GZipStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true), CompressionMode.Decompress);

    // A copy under the new name. Its data streams straight from Docker's tar, with the length from the entry header:
    // TarWriter refuses data of unknown length into a stream it cannot seek back in, and a compressed archive is such a stream.
    private static PaxTarEntry Rebased(TarEntry entry, string name, string top)
    {
        var attributes = entry is PaxTarEntry pax
            ? pax.ExtendedAttributes.Where(a => !HeaderAttributes.Contains(a.Key))
            : [];
        var type = entry.EntryType is TarEntryType.V7RegularFile or TarEntryType.ContiguousFile ? TarEntryType.RegularFile : entry.EntryType;
        var copy = new PaxTarEntry(type, name, attributes)
        {
            Mode = entry.Mode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            ModificationTime = entry.ModificationTime,
        };
        if (type is TarEntryType.HardLink or TarEntryType.SymbolicLink)
        {
            // A hard link names another entry of the archive, so it moves with the names; a symbolic link's target stays.
            copy.LinkName = type == TarEntryType.HardLink ? Relative(entry.LinkName, top) ?? entry.LinkName : entry.LinkName;
        }

        if (entry is PosixTarEntry posix)
        {
            copy.UserName = posix.UserName;
            copy.GroupName = posix.GroupName;
        }

        if (entry.DataStream is { } data)
        {
            copy.DataStream = new KnownLengthStream(data, entry.Length);
        }

        return copy;
    }

    private static string? Relative(string name, string top)
    {
        var trimmed = name.TrimEnd('/');
        if (trimmed == top)
        {
            return name.EndsWith('/') ? "./" : null;
        }

        return trimmed.StartsWith(top + "/", StringComparison.Ordinal) ? "./" + name[(top.Length + 1)..] : null;
    }

    private static bool IsWorkFolder(string relative) => relative.StartsWith("./" + WorkFolderPrefix, StringComparison.Ordinal);
}

/// <summary>What <see cref="SnapshotArchive.WriteAsync"/> wrote.</summary>
internal sealed record ArchiveSummary(long DataBytes, long ArchiveBytes, string Sha256);

/// <summary>A read-only stream of known length that cannot seek, so TarWriter can write its header before its data.</summary>
internal sealed class KnownLengthStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A write-only pass-through that counts bytes and, unless told not to, hashes them with SHA-256.</summary>
internal sealed class HashingWriteStream(Stream inner, bool hash = true) : Stream
{
    private readonly IncrementalHash? _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    private long _length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public string HashHex() => Convert.ToHexStringLower(_hash!.GetCurrentHash());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash?.AppendData(buffer);
        _length += buffer.Length;
        inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash?.AppendData(buffer.Span);
        _length += buffer.Length;
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }
}
