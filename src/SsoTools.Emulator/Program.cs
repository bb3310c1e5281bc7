using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Emulator;

/// <summary>
/// Console entry: dotnet SsoTools.Emulator.dll --port 0 --accounts 3 --user deny ...
/// Prints one line "SsoTools.Emulator listening on http://127.0.0.1:PORT" and runs until
/// stdin closes (when it is a pipe), Ctrl+C or SIGTERM.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new EmulatorOptions();
        string? portFile = null;
        string stdinMode = "auto";
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                if (arg is "-h" or "--help" or "-?")
                {
                    PrintHelp();
                    return 0;
                }
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected argument '{arg}'.");
                }
                string name = arg.Substring(2);
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0)
                {
                    value = name.Substring(eq + 1);
                    name = name.Substring(0, eq);
                }
                else if (i + 1 < args.Length)
                {
                    value = args[++i];
                }
                if (value is null)
                {
                    throw new ArgumentException($"Option --{name} needs a value.");
                }

                switch (name.ToLowerInvariant())
                {
                    case "port-file":
                        portFile = value;
                        break;
                    case "stdin":
                        stdinMode = value.ToLowerInvariant();
                        if (stdinMode is not ("auto" or "watch" or "ignore"))
                        {
                            throw new ArgumentException("--stdin takes auto, watch or ignore.");
                        }
                        break;
                    default:
                        OptionBinder.Set(options, name, value);
                        break;
                }
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("SsoTools.Emulator: " + e.Message + " (--help lists the options)");
            return 2;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });

        await using EmulatorServer server = await EmulatorServer.StartAsync(options);
        if (portFile is not null)
        {
            WritePortFile(portFile, server.Port);
        }
        Console.Out.WriteLine("SsoTools.Emulator listening on " + server.BaseUrl);
        Console.Out.Flush();

        if (stdinMode == "watch" || (stdinMode == "auto" && StdinIsPipe()))
        {
            var watcher = new Thread(() => WaitForStdinEof(stop)) { IsBackground = true, Name = "stdin-watch" };
            watcher.Start();
        }

        await stop.Task;
        return 0;
    }

    /// <summary>
    /// A parent that started us with a pipe on stdin stops us by closing it, even when it dies
    /// without cleaning up. Only a pipe or socket is watched: /dev/null (CI, nohup, "&amp;")
    /// reads as closed at once, and a background read of a terminal stops the process (SIGTTIN).
    /// </summary>
    private static bool StdinIsPipe()
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.IsInputRedirected;
        }
        try
        {
            string? target = new FileInfo("/proc/self/fd/0").LinkTarget;
            if (target is not null)
            {
                return target.StartsWith("pipe:", StringComparison.Ordinal) || target.StartsWith("socket:", StringComparison.Ordinal);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false; // no /proc (macOS): be safe, use --stdin watch to opt in
    }

    private static void WaitForStdinEof(TaskCompletionSource stop)
    {
        try
        {
            using Stream stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        stop.TrySetResult();
    }

    /// <summary>Written whole and renamed into place, so a reader polling for it never sees it half written.</summary>
    private static void WritePortFile(string path, int port)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp" + Environment.ProcessId;
        File.WriteAllText(temp, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(temp, full, overwrite: true);
    }

    private static void PrintHelp()
    {
        Console.Out.WriteLine("SsoTools.Emulator: a local IAM Identity Center (SSO OIDC + portal) on 127.0.0.1.");
        Console.Out.WriteLine("usage: dotnet SsoTools.Emulator.dll [--option value]...");
        Console.Out.WriteLine("  --port-file PATH                 write the bound port number to PATH");
        Console.Out.WriteLine("  --stdin auto|watch|ignore        exit when stdin closes (auto: only when stdin is a pipe)");
        foreach (string line in OptionBinder.Describe(new EmulatorOptions()))
        {
            Console.Out.WriteLine(line);
        }
    }
}
