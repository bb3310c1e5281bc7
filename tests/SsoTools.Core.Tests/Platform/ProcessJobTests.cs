using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SsoTools.Core.IO;
using Xunit;

namespace SsoTools.Core.Tests.Platform
{
    /// <summary>
    /// The job object runs only on Windows, which this machine is not: what can be proven here is the
    /// layout Windows reads (a wrong size makes SetInformationJobObject fail with ERROR_BAD_LENGTH and
    /// Ctrl+C would again leave grandchildren running) and that other platforms get no job.
    /// </summary>
    public class ProcessJobTests
    {
        [Fact]
        public void The_limit_structure_has_the_size_winnt_h_gives_it()
        {
            int size = Marshal.SizeOf(typeof(ProcessJob.Native.JOBOBJECT_EXTENDED_LIMIT_INFORMATION));
            Assert.Equal(IntPtr.Size == 8 ? 144 : 112, size);
            Assert.Equal(IntPtr.Size == 8 ? 64 : 48, Marshal.SizeOf(typeof(ProcessJob.Native.JOBOBJECT_BASIC_LIMIT_INFORMATION)));
            Assert.Equal(16, (int)Marshal.OffsetOf(typeof(ProcessJob.Native.JOBOBJECT_BASIC_LIMIT_INFORMATION), "LimitFlags"));
            Assert.Equal(IntPtr.Size == 8 ? 64 : 48, (int)Marshal.OffsetOf(typeof(ProcessJob.Native.JOBOBJECT_EXTENDED_LIMIT_INFORMATION), "IoInfo"));
        }

        [Fact]
        public void Outside_Windows_there_is_no_job_and_callers_kill_the_tree()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                using var job = ProcessJob.Create();
                Assert.NotNull(job);
                using var p = Process.Start(new ProcessStartInfo("cmd.exe", "/c ping -n 30 127.0.0.1 >nul") { UseShellExecute = false, CreateNoWindow = true })!;
                Assert.True(job!.Add(p));
                job.Terminate();
                Assert.True(p.WaitForExit(10000));
            }
            else Assert.Null(ProcessJob.Create());
        }
    }
}
