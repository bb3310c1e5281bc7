using System;
using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Core.Net
{
    /// <summary>Time, injected so that tests can move it.</summary>
    public interface IClock
    {
        DateTime UtcNow { get; }
        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();
        public DateTime UtcNow => DateTime.UtcNow;
        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }
}
