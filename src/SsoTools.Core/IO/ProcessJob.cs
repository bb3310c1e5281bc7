using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SsoTools.Core.IO
{
    /// <summary>
    /// Windows: a job object that holds the processes a command starts and everything they start in
    /// turn, so Ctrl+C (Terminate) ends aws.exe or terraform.exe under a child pwsh too, and so does the
    /// end of this process (kill on close: the handle closes when PowerShell dies). .NET Framework's
    /// Process.Kill ends the direct child only, and a process tree walk misses grandchildren whose
    /// parent already exited. Elsewhere there is no job (Create returns null) and callers kill the
    /// process tree themselves.
    /// </summary>
    public sealed class ProcessJob : IDisposable
    {
        IntPtr _handle;

        ProcessJob(IntPtr handle) => _handle = handle;

        /// <summary>A kill-on-close job, or null where the platform has none (or the call failed: the caller falls back to Kill).</summary>
        public static ProcessJob? Create()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return null;
            IntPtr job = Native.CreateJobObjectW(IntPtr.Zero, null);
            if (job == IntPtr.Zero) return null;
            if (!SetFlags(job, Native.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE))
            {
                Native.CloseHandle(job);
                return null;
            }
            return new ProcessJob(job);
        }

        /// <summary>Puts a started process in the job; false when Windows refused (the caller then relies on Kill).</summary>
        public bool Add(Process process)
        {
            if (_handle == IntPtr.Zero) return false;
            try { return Native.AssignProcessToJobObject(_handle, process.Handle); }
            catch (Exception ex) when (ex is InvalidOperationException || ex is Win32Exception) { return false; }
        }

        /// <summary>Ends every process in the job now (Ctrl+C, a failure).</summary>
        public void Terminate()
        {
            if (_handle != IntPtr.Zero) Native.TerminateJobObject(_handle, 1);
        }

        /// <summary>
        /// The command finished normally: processes its runs left running on purpose (Start-Process
        /// in a block) are let go rather than killed when the handle closes.
        /// </summary>
        public void Release()
        {
            if (_handle != IntPtr.Zero) SetFlags(_handle, 0);
            Dispose();
        }

        public void Dispose()
        {
            IntPtr h = _handle;
            _handle = IntPtr.Zero;
            if (h != IntPtr.Zero) Native.CloseHandle(h);
        }

        static bool SetFlags(IntPtr job, uint flags)
        {
            var info = new Native.JOBOBJECT_EXTENDED_LIMIT_INFORMATION();
            info.BasicLimitInformation.LimitFlags = flags;
            int size = Marshal.SizeOf(typeof(Native.JOBOBJECT_EXTENDED_LIMIT_INFORMATION));
            IntPtr buffer = Marshal.AllocHGlobal(size);
            try
            {
                Marshal.StructureToPtr(info, buffer, false);
                return Native.SetInformationJobObject(job, Native.JobObjectExtendedLimitInformation, buffer, (uint)size);
            }
            finally { Marshal.FreeHGlobal(buffer); }
        }

        /// <summary>The Win32 declarations (winnt.h); their layout is checked by a test (144 bytes on 64-bit, 112 on 32-bit).</summary>
        internal static class Native
        {
            internal const uint JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
            internal const int JobObjectExtendedLimitInformation = 9;

            [StructLayout(LayoutKind.Sequential)]
            internal struct JOBOBJECT_BASIC_LIMIT_INFORMATION
            {
                public long PerProcessUserTimeLimit;
                public long PerJobUserTimeLimit;
                public uint LimitFlags;
                public UIntPtr MinimumWorkingSetSize;
                public UIntPtr MaximumWorkingSetSize;
                public uint ActiveProcessLimit;
                public UIntPtr Affinity;
                public uint PriorityClass;
                public uint SchedulingClass;
            }

            [StructLayout(LayoutKind.Sequential)]
            internal struct IO_COUNTERS
            {
                public ulong ReadOperationCount, WriteOperationCount, OtherOperationCount;
                public ulong ReadTransferCount, WriteTransferCount, OtherTransferCount;
            }

            [StructLayout(LayoutKind.Sequential)]
            internal struct JOBOBJECT_EXTENDED_LIMIT_INFORMATION
            {
                public JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation;
                public IO_COUNTERS IoInfo;
                public UIntPtr ProcessMemoryLimit;
                public UIntPtr JobMemoryLimit;
                public UIntPtr PeakProcessMemoryUsed;
                public UIntPtr PeakJobMemoryUsed;
            }

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            internal static extern IntPtr CreateJobObjectW(IntPtr attributes, string? name);

            [DllImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool SetInformationJobObject(IntPtr job, int infoClass, IntPtr info, uint length);

            [DllImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool AssignProcessToJobObject(IntPtr job, IntPtr process);

            [DllImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool TerminateJobObject(IntPtr job, uint exitCode);

            [DllImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool CloseHandle(IntPtr handle);
        }
    }
}
