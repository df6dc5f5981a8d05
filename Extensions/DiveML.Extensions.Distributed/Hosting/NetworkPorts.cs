using DiveML.Extensions.Scale;
using System.Net;
using System.Net.Sockets;

namespace DiveML.Extensions.Distributed;

/// <summary>Ports and addresses for a silo: free ports chosen by the system, and the address other machines reach this one at.</summary>
public static class NetworkPorts
{
    /// <summary>A TCP port free on this machine now (the system picks it; taken again a moment later, it is almost surely still free).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A port fixed by the environment variable <paramref name="name"/> (<c>DIVE_SILO_PORT</c>, <c>DIVE_GATEWAY_PORT</c>:
    /// where a firewall between workers and the driver only opens known ports), or null when it is not set.
    /// </summary>
    public static int? FromEnvironment(string name)
    {
        if (Environment.GetEnvironmentVariable(name) is not { Length: > 0 } text) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535
            ? port : throw new ArgumentException($"{name} '{text}' is not a port number (1-65535).");
    }

    /// <summary>
    /// The address workers should reach this machine's silo at: <c>DIVE_ADVERTISE_ADDRESS</c> when set; loopback when
    /// the cluster's Redis is on this machine's loopback; else the local address the system routes to the Redis host
    /// from (the interface other machines of that network reach).
    /// </summary>
    public static IPAddress Advertised(ClusterAddress cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (Environment.GetEnvironmentVariable("DIVE_ADVERTISE_ADDRESS") is { Length: > 0 } given)
            return IPAddress.TryParse(given, out var address) ? address
                : throw new ArgumentException($"DIVE_ADVERTISE_ADDRESS '{given}' is not an IP address.");
        var target = IPAddress.TryParse(cluster.Host, out var ip) ? ip
            : Dns.GetHostAddresses(cluster.Host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
              ?? throw new ArgumentException($"Cannot resolve the cluster's host '{cluster.Host}' to an IPv4 address.");
        if (IPAddress.IsLoopback(target)) return IPAddress.Loopback;
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(target, cluster.Port); // UDP: nothing is sent, the system only picks the route
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
