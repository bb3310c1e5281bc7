using System;
using System.Collections.Generic;
using System.Threading.Tasks;

// Fixture for LayerTests: two layers, Low < High, and a stray namespace in no layer.
// Each type in Low reaches High in exactly one way (its name says which), so a way the checker
// misses shows up as a missing line. Nothing here is called; it only has to be compiled as written.

namespace SsoTools.Core.Tests.LayerFixture.High
{
    public class Thing
    {
        public static int Counter;

        public int Value { get; set; } = 1;

        public static int Twice(int n) => 2 * n;
    }

    public interface IThing
    {
        int Value { get; }
    }

    public delegate void ThingHandler(Thing thing);

    [AttributeUsage(AttributeTargets.All)]
    public sealed class MarkAttribute : Attribute
    {
    }

    public sealed class Oops : Exception
    {
    }

    public static class Outer
    {
        public static class Inner
        {
            public static int Three() => 3;
        }
    }

    /// <summary>High uses Low in many ways: all allowed.</summary>
    public sealed class UsesLow : Low.LowBase, Low.ILowThing
    {
        public Low.FieldWay? Field;

        public List<Low.FieldWay> List { get; } = new List<Low.FieldWay>();

        public int Value => Low.StaticCallWay.Call(1);

        public Func<int> Lambda(Low.FieldWay way) => () => way.Thing?.Value ?? Low.StaticCallWay.Call(2);

        public async Task<Type> LaterAsync()
        {
            await Task.Yield();
            return typeof(Low.FieldWay[]);
        }
    }
}

namespace SsoTools.Core.Tests.LayerFixture.High.Deep
{
    public static class Gadget
    {
        public static int Four() => 4;
    }
}

namespace SsoTools.Core.Tests.LayerFixture.Stray
{
    public static class Loose
    {
        public static int One() => 1;
    }
}

namespace SsoTools.Core.Tests.LayerFixture.Low
{
    public abstract class LowBase
    {
    }

    public interface ILowThing
    {
    }

    /// <summary>Low using Low, the base class library, and a test type outside the checked root: all allowed.</summary>
    public static class Clean
    {
        public static int Use(LowBase? b) => b is null ? new List<ILowThing>().Count : Layers.LayerCheck.InNamespace("a.b", "a") ? 1 : 0;
    }

    public class FieldWay
    {
        public High.Thing? Thing;
    }

    public static class ParameterWay
    {
        public static void Take(High.Thing thing) => GC.KeepAlive(thing);
    }

    public static class ReturnWay
    {
        public static High.Thing? Find() => null;
    }

    public static class ByRefWay
    {
        public static void Clear(ref High.Thing? thing) => thing = null;
    }

    public class PropertyWay
    {
        public High.Thing? Thing { get; set; }
    }

    public class EventWay
    {
        public event High.ThingHandler? Changed
        {
            add { }
            remove { }
        }
    }

    public static class NewWay
    {
        public static object Make() => new High.Thing();
    }

    public static class StaticCallWay
    {
        public static int Call(int n) => High.Thing.Twice(n);
    }

    public static class StaticFieldWay
    {
        public static int Read() => High.Thing.Counter;
    }

    public static class TypeofWay
    {
        public static Type Token() => typeof(High.Thing);
    }

    public static class ArrayWay
    {
        public static Type Token() => typeof(High.Thing[]);
    }

    public static class GenericArgumentWay
    {
        public static int Count() => new List<High.Thing>().Count;
    }

    public static class GenericMethodWay
    {
        public static int Count() => Array.Empty<High.Thing>().Length;
    }

    public static class LambdaWay
    {
        public static Func<int> Lambda(int n) => () => High.Thing.Twice(n);
    }

    public static class CaptureWay
    {
        public static Func<int> Capture()
        {
            High.Thing? thing = ReturnWay.Find(); // a Low call: only the closure's field and body mention High
            return () => thing?.Value ?? 0;
        }
    }

    public static class AsyncWay
    {
        public static async Task<int> RunAsync()
        {
            var thing = new High.Thing();
            await Task.Yield();
            return thing.Value;
        }
    }

    public static class LocalWay
    {
        public static bool Local()
        {
            High.Thing? thing = ReturnWay.Find();
            GC.KeepAlive(thing);
            GC.KeepAlive(thing);
            return thing is null;
        }
    }

    public static class SwitchWay
    {
        // The switch table is skipped correctly, or the call after it is lost.
        public static int Pick(int n)
        {
            switch (n)
            {
                case 0: return 10;
                case 1: return 11;
                case 2: return 12;
                case 3: return 13;
            }
            return High.Thing.Twice(n);
        }
    }

    public static class TwoByteWay
    {
        // ceq and cgt are 0xFE opcodes around the call.
        public static bool Same(int a, int b)
        {
            bool same = a == b;
            return same & High.Thing.Twice(a) > b;
        }
    }

    public class BaseTypeWay : High.Thing
    {
    }

    public class InterfaceWay : High.IThing
    {
        public int Value => 1;
    }

    public class ConstraintWay<T> where T : High.Thing
    {
    }

    [High.Mark]
    public class AttributeWay
    {
    }

    public static class CatchWay
    {
        public static int Guard(Func<int> f)
        {
            try { return f(); }
            catch (High.Oops) { return -1; }
        }
    }

    public static class NestedTargetWay
    {
        public static int Call() => High.Outer.Inner.Three();
    }

    public static class SubNamespaceWay
    {
        public static int Call() => High.Deep.Gadget.Four();
    }
}
