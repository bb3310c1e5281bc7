using System;
using SsoTools.Core.Credentials;

namespace SsoTools.Core.UseCases
{
    /// <summary>What Open-SsoConsole and Get-SsoConsoleUrl are asked for, checked when it is made (before the config is read).</summary>
    public sealed class ConsoleRequest
    {
        /// <param name="destination">A console service (ec2, s3, ...) or an https URL of the console; null for the console home.</param>
        /// <param name="region">The console's Region; null for the default (ConsoleRules.Region).</param>
        /// <param name="sessionDuration">How long the console session lasts; null for the endpoint's default.</param>
        public ConsoleRequest(string? destination, string? region, TimeSpan? sessionDuration)
        {
            ConsoleRules.CheckRegion(region);
            SessionSeconds = ConsoleRules.SessionSeconds(sessionDuration);
            Destination = destination;
            Region = region;
        }

        public string? Destination { get; }
        public string? Region { get; }
        public int? SessionSeconds { get; }
    }
}
