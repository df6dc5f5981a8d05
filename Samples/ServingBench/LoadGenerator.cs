using System.Diagnostics;
using System.Text;

namespace DiveML.ServingBench;

/// <summary>Sends a fixed number of POST requests with bounded concurrency to the local server and times each one.</summary>
public static class LoadGenerator
{
    public static async Task<Latencies> Run(HttpClient client, string path, string[] payloads, int count, int concurrency, int rowsPerRequest)
    {
        // Warm-up: the first requests pay for JIT and engine creation.
        for (int i = 0; i < Math.Min(50, count); i++) await Send(client, path, payloads[i % payloads.Length]);
        var times = new double[count];
        int next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                long start = Stopwatch.GetTimestamp();
                await Send(client, path, payloads[i % payloads.Length]);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        return new Latencies(times, total.Elapsed.TotalSeconds, rowsPerRequest);
    }

    private static async Task Send(HttpClient client, string path, string payload)
    {
        using var response = await client.PostAsync(path, new StringContent(payload, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
    }
}
