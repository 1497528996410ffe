using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SmartLab.Bench.Peers;

/// <summary>
/// The loopback floor's far end: a TCP echo server run as its own process on the peer core (hidden command
/// <c>peer-echo</c>), so the round trip crosses cores and processes exactly like a broker's does.
/// </summary>
public static class EchoServer
{
    public const int MessageBytes = 64;

    public static Command Command()
    {
        var port = new Option<int>("--port") { Required = true };
        var command = new Command("peer-echo", "internal: TCP echo server for the loopback floor") { Hidden = true };
        command.Options.Add(port);
        command.SetAction(parse => Run(parse.GetValue(port)));
        return command;
    }

    static int Run(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening on {port}"));
        while (true)
        {
            var socket = listener.AcceptSocket();
            socket.NoDelay = true;
            new Thread(() => Echo(socket)) { IsBackground = true }.Start();
        }
    }

    static void Echo(Socket socket)
    {
        var buffer = new byte[MessageBytes];
        try
        {
            while (true)
            {
                var read = 0;
                while (read < MessageBytes)
                {
                    var n = socket.Receive(buffer, read, MessageBytes - read, SocketFlags.None);
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                }

                socket.Send(buffer);
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }
}
