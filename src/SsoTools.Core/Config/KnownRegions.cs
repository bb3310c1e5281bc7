using System;
using System.Collections.Generic;
using System.Linq;

namespace SsoTools.Core.Config
{
    /// <summary>The Region names the AWS SDK knows, for completion.</summary>
    public static class KnownRegions
    {
        public static IReadOnlyList<string> All() =>
            Amazon.RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
    }
}
