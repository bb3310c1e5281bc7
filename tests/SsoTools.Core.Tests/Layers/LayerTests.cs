using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace SsoTools.Core.Tests.Layers
{
    public class LayerTests
    {
        /// <summary>The layers of SsoTools.Core, lowest first; a layer may use only itself and the layers before it.</summary>
        public static readonly IReadOnlyList<string> CoreLayers = new[]
        {
            "SsoTools.Core.Errors",
            "SsoTools.Core.IO",
            "SsoTools.Core.Config",
            "SsoTools.Core.Cache",
            "SsoTools.Core.Resolution",
            "SsoTools.Core.Net",
            "SsoTools.Core.Tokens",
            "SsoTools.Core.Portal",
            "SsoTools.Core.Credentials",
            "SsoTools.Core.Formats",
            "SsoTools.Core.UseCases",
        };

        const string Fixture = "SsoTools.Core.Tests.LayerFixture";
        const string Low = Fixture + ".Low.";
        const string High = Fixture + ".High.";
        static readonly IReadOnlyList<string> FixtureLayers = new[] { Fixture + ".Low", Fixture + ".High" };

        readonly ITestOutputHelper _output;

        public LayerTests(ITestOutputHelper output) => _output = output;

        static readonly Lazy<IReadOnlyList<LayerViolation>> FixtureViolations =
            new Lazy<IReadOnlyList<LayerViolation>>(() => LayerCheck.Run(typeof(LayerTests).Assembly.Location, Fixture, FixtureLayers));

        static IReadOnlyList<LayerViolation> CheckFixture() => FixtureViolations.Value;

        [Fact]
        public void CoreLayersPointDown()
        {
            string core = typeof(SsoTools.Core.Errors.SsoException).Assembly.Location;
            var clock = Stopwatch.StartNew();
            IReadOnlyList<LayerViolation> violations = LayerCheck.Run(core, "SsoTools.Core", CoreLayers);
            _output.WriteLine($"Checked {core} in {clock.ElapsedMilliseconds} ms: {violations.Count} violation(s).");

            if (violations.Count > 0)
            {
                Assert.Fail($"{violations.Count} layer violation(s) in SsoTools.Core (layers, lowest first: "
                    + string.Join(" < ", CoreLayers.Select(l => l.Substring("SsoTools.Core.".Length))) + "):"
                    + Environment.NewLine + string.Join(Environment.NewLine, violations.Select(Line)));
            }
        }

        /// <summary>
        /// The netstandard2.0 build (Windows PowerShell 5.1) compiles other code in a few #if blocks:
        /// its layers must point down too. It is the copy the module ships in Desktop/, else the build
        /// folder's; build.ps1 Test builds the module before the tests run.
        /// </summary>
        [Fact]
        public void DesktopCoreLayersPointDown()
        {
            string testDir = System.IO.Path.GetDirectoryName(typeof(LayerTests).Assembly.Location)!;
            string? root = testDir;
            while (root != null && !System.IO.File.Exists(System.IO.Path.Combine(root, "SsoTools.slnx"))) root = System.IO.Path.GetDirectoryName(root);
            Assert.NotNull(root);
            string configuration = new System.IO.DirectoryInfo(testDir).Parent!.Name;
            string[] candidates =
            {
                System.IO.Path.Combine(root!, "out", "SsoTools", "Desktop", "SsoTools.Core.dll"),
                System.IO.Path.Combine(root!, "src", "SsoTools.Core", "bin", configuration, "netstandard2.0", "SsoTools.Core.dll"),
            };
            string? desktop = candidates.FirstOrDefault(System.IO.File.Exists);
            Assert.True(desktop != null, "No netstandard2.0 SsoTools.Core.dll to check (build the module first: build.ps1 Build). Looked in: " + string.Join(", ", candidates));
            IReadOnlyList<LayerViolation> violations = LayerCheck.Run(desktop!, "SsoTools.Core", CoreLayers);
            _output.WriteLine($"Checked {desktop}: {violations.Count} violation(s).");
            Assert.True(violations.Count == 0, $"{violations.Count} layer violation(s) in {desktop}:" + Environment.NewLine + string.Join(Environment.NewLine, violations.Select(Line)));
        }

        static string Line(LayerViolation v) => v.To == null ? v.Message : $"{v.Message} [{v.Via}]";

        [Theory]
        [InlineData("FieldWay", "Thing", LayerReference.FieldType)]
        [InlineData("ParameterWay", "Thing", LayerReference.MethodSignature)]
        [InlineData("ReturnWay", "Thing", LayerReference.MethodSignature)]
        [InlineData("ByRefWay", "Thing", LayerReference.MethodSignature)]
        [InlineData("PropertyWay", "Thing", LayerReference.PropertyType)]
        [InlineData("EventWay", "ThingHandler", LayerReference.EventType)]
        [InlineData("NewWay", "Thing", LayerReference.MethodBody)]
        [InlineData("StaticCallWay", "Thing", LayerReference.MethodBody)]
        [InlineData("StaticFieldWay", "Thing", LayerReference.MethodBody)]
        [InlineData("TypeofWay", "Thing", LayerReference.MethodBody)]
        [InlineData("ArrayWay", "Thing", LayerReference.MethodBody)]
        [InlineData("GenericArgumentWay", "Thing", LayerReference.MethodBody)]
        [InlineData("GenericMethodWay", "Thing", LayerReference.MethodBody)]
        [InlineData("LambdaWay", "Thing", LayerReference.MethodBody)]
        [InlineData("CaptureWay", "Thing", LayerReference.FieldType)]
        [InlineData("AsyncWay", "Thing", LayerReference.MethodBody)]
        [InlineData("LocalWay", "Thing", LayerReference.LocalVariable)]
        [InlineData("SwitchWay", "Thing", LayerReference.MethodBody)]
        [InlineData("TwoByteWay", "Thing", LayerReference.MethodBody)]
        [InlineData("BaseTypeWay", "Thing", LayerReference.BaseType)]
        [InlineData("InterfaceWay", "IThing", LayerReference.Interface)]
        [InlineData("ConstraintWay<T>", "Thing", LayerReference.Constraint)]
        [InlineData("AttributeWay", "MarkAttribute", LayerReference.Attribute)]
        [InlineData("CatchWay", "Oops", LayerReference.CatchClause)]
        [InlineData("NestedTargetWay", "Outer.Inner", LayerReference.MethodBody)]
        [InlineData("SubNamespaceWay", "Deep.Gadget", LayerReference.MethodBody)]
        public void Each_way_up_is_reported(string from, string to, LayerReference way)
        {
            IReadOnlyList<LayerViolation> violations = CheckFixture();
            LayerViolation? found = violations.SingleOrDefault(v => v.From == Low + from && v.To == High + to);
            Assert.True(found != null, $"{Low + from} -> {High + to} not reported. Reported:{Environment.NewLine}"
                + string.Join(Environment.NewLine, violations.Select(Line)));
            Assert.True((found!.Via & way) == way, $"{found.Message} was seen as {found.Via}, not {way}.");
            // One way per fixture type: it reaches High through that one type only.
            Assert.Single(violations, v => v.From == Low + from);
        }

        [Fact]
        public void Only_the_wrong_way_is_reported()
        {
            IReadOnlyList<LayerViolation> violations = CheckFixture();
            Assert.DoesNotContain(violations, v => v.From.StartsWith(High, StringComparison.Ordinal));
            Assert.DoesNotContain(violations, v => v.To != null && v.To.StartsWith(Low, StringComparison.Ordinal));
            Assert.DoesNotContain(violations, v => v.From.StartsWith(Low + "Clean", StringComparison.Ordinal)
                || v.From.StartsWith(Low + "LowBase", StringComparison.Ordinal) || v.From.StartsWith(Low + "ILowThing", StringComparison.Ordinal));
            // Nothing outside the root: the checker itself, xunit, the compiler's own global types.
            Assert.All(violations, v => Assert.StartsWith(Fixture + ".", v.From));
        }

        [Fact]
        public void A_namespace_in_no_layer_is_reported_once_per_type()
        {
            IReadOnlyList<LayerViolation> violations = CheckFixture();
            LayerViolation stray = Assert.Single(violations, v => v.To == null);
            Assert.Equal($"{Fixture}.Stray.Loose (unlayered namespace {Fixture}.Stray)", stray.Message);
        }

        [Fact]
        public void Violations_name_the_declaring_types_readably()
        {
            IReadOnlyList<LayerViolation> violations = CheckFixture();
            string[] lines = violations.Select(v => v.Message).ToArray();

            // A lambda (closure class), an async state machine and a generic type, named as written in C#.
            Assert.Contains($"{Low}LambdaWay -> {High}Thing (Low may not use High)", lines);
            Assert.Contains($"{Low}AsyncWay -> {High}Thing (Low may not use High)", lines);
            Assert.Contains($"{Low}CaptureWay -> {High}Thing (Low may not use High)", lines);
            Assert.Contains($"{Low}ConstraintWay<T> -> {High}Thing (Low may not use High)", lines);
            // A nested target keeps its declaring type.
            Assert.Contains($"{Low}NestedTargetWay -> {High}Outer.Inner (Low may not use High)", lines);
            // No compiler-generated names, no metadata spellings.
            Assert.All(violations, v =>
            {
                foreach (string name in new[] { v.From, v.To ?? "" })
                {
                    Assert.DoesNotContain("<>", name);
                    Assert.DoesNotContain("__", name);
                    Assert.DoesNotContain("+", name);
                    Assert.DoesNotContain("`", name);
                }
            });
            // Deduplicated per (from, to): the many references of a type count once.
            Assert.Equal(lines.Length, lines.Distinct(StringComparer.Ordinal).Count());
        }
    }
}
