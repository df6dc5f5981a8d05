namespace DiveML.Extensions.Scale;

/// <summary>
/// Where a cluster's membership lives: <c>redis://HOST:PORT</c> (the only kind so far). Every <c>dive</c> driver and
/// worker given the same address forms one cluster; the same Redis also holds the results and the list of active runs.
/// </summary>
public sealed record ClusterAddress(string Host, int Port)
{
    /// <summary>The address as StackExchange.Redis takes it (<c>HOST:PORT</c>).</summary>
    public string RedisConfiguration => $"{Host}:{Port}";

    /// <inheritdoc/>
    public override string ToString() => $"redis://{Host}:{Port}";

    /// <summary>Parses <c>redis://HOST:PORT</c>; an error names what is wrong and shows the form.</summary>
    public static ClusterAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string form = "give redis://HOST:PORT, e.g. redis://10.0.0.5:6379";
        if (!text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--cluster '{text}' is not a Redis address: {form} (Redis holds the cluster's membership and results).");
        var rest = text["redis://".Length..].TrimEnd('/');
        int colon = rest.LastIndexOf(':');
        var host = colon > 0 ? rest[..colon] : rest;
        if (host.Length == 0 || host.Contains('/') || host.Contains('@'))
            throw new ArgumentException($"--cluster '{text}' has no host name: {form}.");
        if (colon < 0) return new ClusterAddress(host, 6379);
        if (!int.TryParse(rest[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"--cluster '{text}' has no valid port (1-65535): {form}.");
        return new ClusterAddress(host, port);
    }
}
