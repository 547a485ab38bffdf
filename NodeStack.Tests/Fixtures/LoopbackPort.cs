using System.Net;
using System.Net.Sockets;

namespace NodeStack.Tests.Fixtures;

/// <summary>Loopback TCP ports for processes the tests (and the benchmark) start.</summary>
public static class LoopbackPort
{
    /// <summary>A TCP port nobody listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
