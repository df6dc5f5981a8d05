namespace DiveML.Extensions.Scale;

/// <summary>
/// Results as files: <c>{root}/results/{unit}.result</c> and <c>{root}/plans/{run}.json</c>, where root is a folder in
/// the run's output folder (<c>.dive-run</c>). A result is written to a temporary file, flushed to disk, and moved into
/// place without overwriting (<see cref="ExclusiveMove"/>: atomic on one file system), so a reader never sees half a
/// result and exactly one writer of a unit wins. Plans are replaced the same way.
/// </summary>
/// <param name="root">The store's folder (created when needed).</param>
public sealed class FileUnitResultStore(string root) : IUnitResultStore
{
    private string Results => Path.Combine(root, "results");
    private string Plans => Path.Combine(root, "plans");

    /// <inheritdoc/>
    public string Location => root;

    /// <inheritdoc/>
    public async Task SavePlanAsync(string runId, string planJson)
    {
        Directory.CreateDirectory(Plans);
        var temp = await WriteTempAsync(Plans, planJson).ConfigureAwait(false);
        File.Move(temp, PlanPath(runId), overwrite: true);
    }

    /// <inheritdoc/>
    public async Task<string?> LoadPlanAsync(string runId)
    {
        var path = PlanPath(runId);
        return File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : null;
    }

    /// <inheritdoc/>
    public async Task<bool> TryRecordAsync(string unitId, string record)
    {
        var final = ResultPath(unitId);
        if (File.Exists(final)) return false;
        Directory.CreateDirectory(Results);
        var temp = await WriteTempAsync(Results, record).ConfigureAwait(false);
        return ExclusiveMove.TryMove(temp, final);
    }

    /// <inheritdoc/>
    public async Task<string?> ReadAsync(string unitId)
    {
        var path = ResultPath(unitId);
        try
        {
            return await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public Task DeleteAsync(string unitId)
    {
        var path = ResultPath(unitId);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyCollection<string>> ListAsync()
    {
        IReadOnlyCollection<string> ids = Directory.Exists(Results)
            ? Directory.EnumerateFiles(Results, "*.result").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(UnitTicket.IsValidId).ToArray()
            : [];
        return Task.FromResult(ids);
    }

    private string ResultPath(string unitId) => Path.Combine(Results, CheckedId(unitId) + ".result");

    private string PlanPath(string runId) => Path.Combine(Plans, CheckedId(runId, 16) + ".json");

    private static string CheckedId(string id, int length = 32)
        => id.Length == length && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f') ? id
            : throw new ArgumentException($"'{id}' is not an id of {length} lower-case hex digits.", nameof(id));

    private static async Task<string> WriteTempAsync(string folder, string text)
    {
        var temp = Path.Combine(folder, $".{Guid.NewGuid():N}.tmp");
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await using (var writer = new StreamWriter(stream, leaveOpen: true)) await writer.WriteAsync(text).ConfigureAwait(false);
            stream.Flush(flushToDisk: true); // a power cut after the rename must not leave an empty result behind
        }
        return temp;
    }
}
