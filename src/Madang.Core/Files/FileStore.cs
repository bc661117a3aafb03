using System.Security.Cryptography;

namespace Madang.Core.Files;

/// <summary>A stored blob, named by the SHA-256 of its content.</summary>
public sealed record StoredFile(string Sha256, long Length);

/// <summary>Content-addressed file storage. The data folder by default; an object store can implement the same.</summary>
public interface IFileStore
{
    /// <summary>Streams <paramref name="content"/> into the store; throws <see cref="FileTooLargeException"/> past <paramref name="maxBytes"/>.</summary>
    Task<StoredFile> PutAsync(Stream content, long maxBytes, CancellationToken ct = default);

    /// <summary>Opens a stored file for reading, or null when it is not there.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default);

    Task<bool> ExistsAsync(string sha256, CancellationToken ct = default);
}

/// <summary>An upload over its size limit; nothing of it is kept.</summary>
public sealed class FileTooLargeException(long limit) : Exception($"The file is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>Files under <c>DataDir/files/ab/cd/abcd…</c>; writes go to a temporary file and are renamed into place.</summary>
public sealed class LocalFileStore(string root) : IFileStore
{
    public async Task<StoredFile> PutAsync(Stream content, long maxBytes, CancellationToken ct = default)
    {
        var tmpDir = Path.Combine(root, "tmp");
        Directory.CreateDirectory(tmpDir);
        var tmp = Path.Combine(tmpDir, Guid.NewGuid().ToString("N"));
        try
        {
            long length = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var output = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                await output.FlushAsync(ct);
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            var target = PathFor(sha);
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(tmp, target);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another writer stored the same content at the same moment: same bytes, nothing to do.
                }
            }

            return new StoredFile(sha, length);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default)
    {
        var path = PathFor(sha256);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken ct = default) => Task.FromResult(File.Exists(PathFor(sha256)));

    private string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        }

        var s = sha256.ToLowerInvariant();
        return Path.Combine(root, s[..2], s[2..4], s);
    }
}
