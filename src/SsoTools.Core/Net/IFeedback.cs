using System.Threading;
using System.Threading.Tasks;

namespace SsoTools.Core.Net
{
    /// <summary>How the core talks to the person at the keyboard. Called from worker threads;
    /// the cmdlet layer marshals to the pipeline thread. Never pass a secret.</summary>
    public interface IFeedback
    {
        /// <summary>Something the user must see and act on (the URL and code to enter).</summary>
        void Prompt(string message);
        void Verbose(string message);
        void Warning(string message);
        /// <summary>How far a long job is: done out of total.</summary>
        void Progress(string activity, int done, int total);
        /// <summary>
        /// A line the user types after the prompt (a pasted address), or null when the host cannot
        /// ask (non-interactive, no console). Cancelling ends the wait where the host allows it.
        /// </summary>
        Task<string?> ReadLineAsync(string prompt, CancellationToken ct);
    }

    public sealed class NullFeedback : IFeedback
    {
        public static readonly NullFeedback Instance = new NullFeedback();
        public void Prompt(string message) { }
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void Progress(string activity, int done, int total) { }
        public Task<string?> ReadLineAsync(string prompt, CancellationToken ct) => Task.FromResult<string?>(null);
    }
}
