using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DiveML.ServingBench;

/// <summary>Samples/Serving started from its Release build on a free loopback port, stopped (by its own id) on dispose.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<ServerProcess> Start(string root, string model)
    {
        var dll = Path.Combine(root, "Samples", "Serving", "bin", "Release", "net10.0", "DiveML.Serving.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: dotnet build DiveML.sln -c Release first.", dll);
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--Model", model, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server did not answer /health within 60 s.");
            await Task.Delay(200);
        }
        return new ServerProcess(process, client);
    }

    public double WorkingSetMegabytes()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1048576.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
