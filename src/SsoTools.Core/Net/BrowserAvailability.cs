using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SsoTools.Core.Net
{
    /// <summary>What opens a URL here, when anything does.</summary>
    public enum BrowserOpener
    {
        /// <summary>Nothing can: a browser sign-in would wait for a redirect no browser here can send.</summary>
        None,
        /// <summary>$BROWSER: the user (or a dev container) named the program.</summary>
        BrowserVariable,
        WindowsShell,
        MacOpen,
        XdgOpen,
        /// <summary>WSL: wslview (wslu), which opens the Windows default browser.</summary>
        WslView,
        /// <summary>WSL without wslu: Windows' rundll32 url.dll through WSL interop.</summary>
        WslInterop,
        /// <summary>The host approves sign-ins itself (the in-session test server).</summary>
        Host,
    }

    /// <summary>Whether a browser can answer a sign-in here, and why (the one line a switch to the device code shows).</summary>
    public sealed class BrowserAvailability
    {
        BrowserAvailability(BrowserOpener opener, string reason, string? program)
        {
            Opener = opener; Reason = reason; Program = program;
        }

        public BrowserOpener Opener { get; }
        public bool CanOpen => Opener != BrowserOpener.None;
        /// <summary>Why, in words: "SSH session without a forwarded display", "WSL (wslview)".</summary>
        public string Reason { get; }
        /// <summary>The opener's full path where one was searched for (WSL, xdg-open).</summary>
        public string? Program { get; }
        /// <summary>The browser runs on another machine than this listener (Windows' side of WSL): its redirect may not reach it.</summary>
        public bool Remote => Opener == BrowserOpener.WslView || Opener == BrowserOpener.WslInterop;

        public static readonly BrowserAvailability HostApproves = new BrowserAvailability(BrowserOpener.Host, "the test server approves sign-ins", null);

        /// <summary>The signals of this process: its environment, its files, its OS.</summary>
        public static BrowserAvailability Here() => Of(HostSignals.Current);

        /// <summary>
        /// The decision, in order: $BROWSER names a program (a dev container's forwarder counts); an
        /// SSH session (SSH_CONNECTION, SSH_CLIENT or SSH_TTY) without a forwarded display opens
        /// nothing on the user's screen; a CI run (CI, GITHUB_ACTIONS, TF_BUILD, GITLAB_CI,
        /// JENKINS_URL, BUILDKITE, CODEBUILD_BUILD_ID) has no one to click; Windows and macOS open
        /// their own; WSL opens the Windows browser (wslview, else rundll32.exe through interop); a
        /// container (/.dockerenv, /run/.containerenv, $container, KUBERNETES_SERVICE_HOST) or a Linux
        /// without DISPLAY or WAYLAND_DISPLAY has no screen; else xdg-open when it is on PATH.
        /// </summary>
        public static BrowserAvailability Of(HostSignals s)
        {
            if (!string.IsNullOrWhiteSpace(s.Env("BROWSER"))) return new BrowserAvailability(BrowserOpener.BrowserVariable, "$BROWSER", null);
            bool display = s.Windows || s.Mac
                ? false
                : !string.IsNullOrEmpty(s.Env("DISPLAY")) || !string.IsNullOrEmpty(s.Env("WAYLAND_DISPLAY"));
            bool ssh = !string.IsNullOrEmpty(s.Env("SSH_CONNECTION")) || !string.IsNullOrEmpty(s.Env("SSH_CLIENT")) || !string.IsNullOrEmpty(s.Env("SSH_TTY"));
            if (ssh && !display) return None("SSH session without a forwarded display");
            string? ci = FirstSet(s, "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "CODEBUILD_BUILD_ID");
            if (ci == null && IsTrue(s.Env("CI"))) ci = "CI";
            if (ci != null) return None("a CI run (" + ci + " is set)");
            if (s.Windows) return new BrowserAvailability(BrowserOpener.WindowsShell, "Windows", null);
            if (s.Mac) return new BrowserAvailability(BrowserOpener.MacOpen, "macOS", null);
            if (IsWsl(s))
            {
                string? wslview = s.Find("wslview");
                if (wslview != null) return new BrowserAvailability(BrowserOpener.WslView, "WSL (wslview)", wslview);
                string? rundll = s.Find("rundll32.exe") ?? (s.Exists("/mnt/c/Windows/System32/rundll32.exe") ? "/mnt/c/Windows/System32/rundll32.exe" : null);
                if (rundll != null) return new BrowserAvailability(BrowserOpener.WslInterop, "WSL (Windows interop)", rundll);
                return None("WSL without wslview or Windows interop");
            }
            if (!display)
            {
                string? container = IsContainer(s);
                return None(container != null ? "a container (" + container + ") without a display" : "no display (DISPLAY and WAYLAND_DISPLAY are not set)");
            }
            string? xdg = s.Find("xdg-open");
            if (xdg == null) return None("no browser opener (xdg-open is not on PATH)");
            return new BrowserAvailability(BrowserOpener.XdgOpen, "xdg-open", xdg);
        }

        static BrowserAvailability None(string reason) => new BrowserAvailability(BrowserOpener.None, reason, null);

        static string? FirstSet(HostSignals s, params string[] names)
        {
            foreach (string n in names) if (!string.IsNullOrEmpty(s.Env(n)) && !string.Equals(s.Env(n), "false", StringComparison.OrdinalIgnoreCase)) return n;
            return null;
        }

        static bool IsTrue(string? v) => !string.IsNullOrEmpty(v) && !string.Equals(v, "false", StringComparison.OrdinalIgnoreCase) && v != "0";

        /// <summary>WSL_DISTRO_NAME / WSL_INTEROP (set in every WSL shell), else the WSL kernel's /proc marker.</summary>
        internal static bool IsWsl(HostSignals s) =>
            !string.IsNullOrEmpty(s.Env("WSL_DISTRO_NAME")) || !string.IsNullOrEmpty(s.Env("WSL_INTEROP")) ||
            s.Exists("/proc/sys/fs/binfmt_misc/WSLInterop") ||
            (s.ReadFirstLine("/proc/sys/kernel/osrelease") ?? "").IndexOf("microsoft", StringComparison.OrdinalIgnoreCase) >= 0;

        static string? IsContainer(HostSignals s)
        {
            if (s.Exists("/.dockerenv")) return "/.dockerenv";
            if (s.Exists("/run/.containerenv")) return "/run/.containerenv";
            if (!string.IsNullOrEmpty(s.Env("container"))) return "$container";
            if (!string.IsNullOrEmpty(s.Env("KUBERNETES_SERVICE_HOST"))) return "Kubernetes";
            return null;
        }
    }

    /// <summary>The facts BrowserAvailability reads; tests give their own (an SSH session, WSL, a container).</summary>
    public sealed class HostSignals
    {
        public HostSignals(Func<string, string?> env, Func<string, bool> exists, Func<string, string?> readFirstLine, bool windows, bool mac)
        {
            Env = env; Exists = exists; ReadFirstLine = readFirstLine; Windows = windows; Mac = mac;
        }

        public Func<string, string?> Env { get; }
        public Func<string, bool> Exists { get; }
        public Func<string, string?> ReadFirstLine { get; }
        public bool Windows { get; }
        public bool Mac { get; }

        /// <summary>A program on PATH, or null.</summary>
        public string? Find(string name) => IO.PathSearch.Find(name, Env("PATH"), Windows, Env("PATHEXT"), Exists);

        /// <summary>These signals with another environment.</summary>
        public HostSignals With(Func<string, string?> env) => new HostSignals(env, Exists, ReadFirstLine, Windows, Mac);

        public static HostSignals Current => new HostSignals(
            Environment.GetEnvironmentVariable,
            path => { try { return File.Exists(path) || Directory.Exists(path); } catch (Exception) { return false; } },
            path => { try { using (var r = new StreamReader(path)) return r.ReadLine(); } catch (Exception) { return null; } },
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
            RuntimeInformation.IsOSPlatform(OSPlatform.OSX));
    }
}
