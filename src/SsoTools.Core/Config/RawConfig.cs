using System.Collections.Generic;

namespace SsoTools.Core.Config
{
    /// <summary>
    /// botocore.configloader.raw_config_parse's result: every section but [DEFAULT], each with its
    /// keys and the [DEFAULT] keys it does not override; nested blocks parsed into dictionaries.
    /// </summary>
    internal static class RawConfig
    {
        public static IDictionary<string, IDictionary<string, object>> Build(ParsedConfig config, string? path)
        {
            var result = new Dictionary<string, IDictionary<string, object>>();
            foreach (ParsedSection section in config.InFileOrder)
            {
                if (section.Name == ParsedConfig.DefaultSectionName) continue;
                var values = new Dictionary<string, object>();
                foreach (ParsedOption option in config.EffectiveOptions(section))
                {
                    values[option.Name] = option.IsNestedBlock ? (object)NestedBlock.Parse(option, path) : option.Value;
                }
                result[section.Name] = values;
            }
            return result;
        }

        /// <summary>Throws where Build would, without building: only nested blocks can fail.</summary>
        /// <param name="fromLine">Only sections whose header is at or after this line are checked (plus [DEFAULT]):
        /// an edit re-parses from a header on, and what comes before it was checked when it was read.</param>
        public static void Validate(ParsedConfig config, string? path, int fromLine = 0)
        {
            ParsedSection? defaults = config.Defaults;
            bool anySection = false;
            foreach (ParsedSection section in config.InFileOrder)
            {
                if (ReferenceEquals(section, defaults)) continue;
                anySection = true;
                if (section.Blocks[section.Blocks.Count - 1].HeaderLine < fromLine) continue;
                foreach (ParsedOption option in section.Options)
                {
                    if (option.IsNestedBlock) NestedBlock.Parse(option, path);
                }
            }
            if (defaults == null || !anySection) return;
            // A [DEFAULT] block is read once for every section that does not override it.
            foreach (ParsedOption option in defaults.Options)
            {
                if (!option.IsNestedBlock) continue;
                foreach (ParsedSection section in config.InFileOrder)
                {
                    if (ReferenceEquals(section, defaults) || section.Find(option.Name) != null) continue;
                    NestedBlock.Parse(option, path);
                    break;
                }
            }
        }
    }
}
