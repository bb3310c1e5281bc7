using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace SsoTools.Core.Tests.Layers
{
    /// <summary>Where a reference to another type of the checked assembly was seen.</summary>
    [Flags]
    public enum LayerReference
    {
        None = 0,
        BaseType = 1 << 0,
        Interface = 1 << 1,
        Constraint = 1 << 2,
        FieldType = 1 << 3,
        MethodSignature = 1 << 4,
        PropertyType = 1 << 5,
        EventType = 1 << 6,
        MethodBody = 1 << 7,
        LocalVariable = 1 << 8,
        CatchClause = 1 << 9,
        Attribute = 1 << 10,
        MethodImpl = 1 << 11,
    }

    /// <summary>
    /// One violation: a type reaching a type of a higher layer (<see cref="To"/> set), or a type whose
    /// namespace is in no layer (<see cref="To"/> null). <see cref="ToString"/> is the readable line.
    /// </summary>
    public sealed class LayerViolation
    {
        public LayerViolation(string from, string fromLayer, string? to, string? toLayer, LayerReference via, string message)
        {
            From = from;
            FromLayer = fromLayer;
            To = to;
            ToLayer = toLayer;
            Via = via;
            Message = message;
        }

        /// <summary>The using type; nested and compiler-generated types are named by their declaring type.</summary>
        public string From { get; }

        /// <summary>The layer of <see cref="From"/> (its namespace if it is in no layer).</summary>
        public string FromLayer { get; }

        /// <summary>The used type of the higher layer; null for an unlayered type.</summary>
        public string? To { get; }

        public string? ToLayer { get; }

        /// <summary>Every way in which <see cref="From"/> was seen to reach <see cref="To"/>.</summary>
        public LayerReference Via { get; }

        public string Message { get; }

        public override string ToString() => Message;
    }

    /// <summary>
    /// Finds references between the namespaces ("layers") of one assembly that point upward. The assembly
    /// is read with System.Reflection.Metadata, never loaded. Inside one assembly references are
    /// definition handles, so this walks base types, interfaces, constraints, member signatures,
    /// attribute constructors, local signatures, catch clauses and every token operand of the IL.
    /// </summary>
    public static class LayerCheck
    {
        /// <param name="assemblyPath">The assembly file to read.</param>
        /// <param name="rootNamespace">Only types in this namespace or under it are checked (and reported as used).</param>
        /// <param name="layers">Full namespace names, lowest layer first; each includes its sub-namespaces.</param>
        public static IReadOnlyList<LayerViolation> Run(string assemblyPath, string rootNamespace, IReadOnlyList<string> layers)
        {
            if (string.IsNullOrEmpty(rootNamespace)) throw new ArgumentException("A root namespace is required.", nameof(rootNamespace));
            if (layers.Count == 0) throw new ArgumentException("At least one layer is required.", nameof(layers));

            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            MetadataReader md = pe.GetMetadataReader();
            var scanner = new Scanner(md, pe);
            var types = new TypeNames(md);

            var found = new Dictionary<(string From, string To), LayerViolation>();
            var unlayered = new Dictionary<string, LayerViolation>(StringComparer.Ordinal);

            foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
            {
                NamedType from = types.Get(handle);
                if (!from.InRoot(rootNamespace)) continue;
                int fromLayer = LayerOf(from.Namespace, layers);
                if (fromLayer < 0)
                {
                    if (!unlayered.ContainsKey(from.Name))
                        unlayered[from.Name] = new LayerViolation(from.Name, from.Namespace, null, null, LayerReference.None,
                            $"{from.Name} (unlayered namespace {from.Namespace})");
                    continue;
                }

                foreach (KeyValuePair<TypeDefinitionHandle, LayerReference> used in scanner.References(handle))
                {
                    NamedType to = types.Get(used.Key);
                    if (!to.InRoot(rootNamespace)) continue;
                    int toLayer = LayerOf(to.Namespace, layers);
                    if (toLayer <= fromLayer) continue; // same layer, a lower one, or unlayered (reported on its own)

                    var key = (from.Name, to.Name);
                    LayerReference via = used.Value;
                    if (found.TryGetValue(key, out LayerViolation? earlier)) via |= earlier.Via;
                    string fromShort = ShortName(layers[fromLayer], rootNamespace), toShort = ShortName(layers[toLayer], rootNamespace);
                    found[key] = new LayerViolation(from.Name, layers[fromLayer], to.Name, layers[toLayer], via,
                        $"{from.Name} -> {to.Name} ({fromShort} may not use {toShort})");
                }
            }

            return unlayered.Values.Concat(found.Values)
                .OrderBy(v => v.From, StringComparer.Ordinal)
                .ThenBy(v => v.To ?? "", StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The index of the most specific layer containing <paramref name="ns"/>, or -1.</summary>
        static int LayerOf(string ns, IReadOnlyList<string> layers)
        {
            int best = -1;
            for (int i = 0; i < layers.Count; i++)
                if (InNamespace(ns, layers[i]) && (best < 0 || layers[i].Length > layers[best].Length)) best = i;
            return best;
        }

        internal static bool InNamespace(string ns, string outer) =>
            ns.Length == outer.Length ? string.Equals(ns, outer, StringComparison.Ordinal)
            : ns.Length > outer.Length && ns[outer.Length] == '.' && ns.StartsWith(outer, StringComparison.Ordinal);

        static string ShortName(string layer, string root) =>
            layer.Length > root.Length + 1 && InNamespace(layer, root) ? layer.Substring(root.Length + 1) : layer;

        /// <summary>
        /// Compiler-emitted global types, allowed everywhere: &lt;Module&gt;, &lt;PrivateImplementationDetails&gt;,
        /// anonymous types, and the attributes emitted into System.Runtime.CompilerServices / Microsoft.CodeAnalysis.
        /// </summary>
        internal static bool IsCompilerGlobal(string ns, string name) =>
            (ns.Length == 0 && name.StartsWith("<", StringComparison.Ordinal))
            || InNamespace(ns, "System.Runtime.CompilerServices")
            || InNamespace(ns, "Microsoft.CodeAnalysis");

        /// <summary>A type as reported: the namespace of its outermost type and a readable name.</summary>
        sealed class NamedType
        {
            public NamedType(string ns, string name, bool compilerGlobal)
            {
                Namespace = ns;
                Name = name;
                CompilerGlobal = compilerGlobal;
            }

            public string Namespace { get; }
            public string Name { get; }
            public bool CompilerGlobal { get; }

            public bool InRoot(string root) => !CompilerGlobal && InNamespace(Namespace, root);
        }

        /// <summary>
        /// Readable names: Outer.Inner for nested types, Name&lt;T&gt; for generic ones; a compiler-generated
        /// nested type (closure, state machine, lambda class) is named by the type that declares it.
        /// </summary>
        sealed class TypeNames
        {
            readonly MetadataReader _md;
            readonly Dictionary<TypeDefinitionHandle, NamedType> _cache = new Dictionary<TypeDefinitionHandle, NamedType>();

            public TypeNames(MetadataReader md) => _md = md;

            public NamedType Get(TypeDefinitionHandle handle)
            {
                if (_cache.TryGetValue(handle, out NamedType? known)) return known;

                var chain = new List<TypeDefinition>();
                for (TypeDefinitionHandle h = handle; !h.IsNil; h = _md.GetTypeDefinition(h).GetDeclaringType())
                    chain.Add(_md.GetTypeDefinition(h));
                chain.Reverse();

                TypeDefinition outer = chain[0];
                string ns = _md.GetString(outer.Namespace);
                var name = new StringBuilder();
                if (ns.Length > 0) name.Append(ns).Append('.');
                for (int i = 0; i < chain.Count; i++)
                {
                    string segment = _md.GetString(chain[i].Name);
                    if (i > 0 && segment.IndexOf('<') >= 0) break; // <>c, <>c__DisplayClass0_0, <RunAsync>d__3 ...
                    if (i > 0) name.Append('.');
                    AppendSegment(name, segment, chain[i]);
                }

                var info = new NamedType(ns, name.ToString(), IsCompilerGlobal(ns, _md.GetString(outer.Name)));
                _cache[handle] = info;
                return info;
            }

            void AppendSegment(StringBuilder name, string segment, TypeDefinition type)
            {
                int tick = segment.IndexOf('`');
                if (tick < 0 || !int.TryParse(segment.Substring(tick + 1), out int arity) || arity <= 0)
                {
                    name.Append(segment);
                    return;
                }

                name.Append(segment, 0, tick).Append('<');
                GenericParameterHandleCollection parameters = type.GetGenericParameters();
                for (int i = parameters.Count - arity; i < parameters.Count; i++)
                {
                    if (i > parameters.Count - arity) name.Append(", ");
                    name.Append(i >= 0 ? _md.GetString(_md.GetGenericParameter(parameters[i]).Name) : "?");
                }
                name.Append('>');
            }
        }

        /// <summary>Collects, per type definition, every type definition of the same assembly it mentions.</summary>
        sealed class Scanner
        {
            readonly MetadataReader _md;
            readonly PEReader _pe;
            readonly HandleCollector _collector;
            Dictionary<(string Namespace, string Name), TypeDefinitionHandle>? _topLevel;
            Dictionary<TypeDefinitionHandle, LayerReference> _found = new Dictionary<TypeDefinitionHandle, LayerReference>();
            LayerReference _kind;

            public Scanner(MetadataReader md, PEReader pe)
            {
                _md = md;
                _pe = pe;
                _collector = new HandleCollector(this);
            }

            public Dictionary<TypeDefinitionHandle, LayerReference> References(TypeDefinitionHandle handle)
            {
                _found = new Dictionary<TypeDefinitionHandle, LayerReference>();
                TypeDefinition type = _md.GetTypeDefinition(handle);

                _kind = LayerReference.BaseType;
                Entity(type.BaseType);
                _kind = LayerReference.Interface;
                foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
                    Entity(_md.GetInterfaceImplementation(i).Interface);
                Constraints(type.GetGenericParameters());
                Attributes(type.GetCustomAttributes());

                foreach (FieldDefinitionHandle f in type.GetFields())
                {
                    FieldDefinition field = _md.GetFieldDefinition(f);
                    _kind = LayerReference.FieldType;
                    field.DecodeSignature(_collector, null);
                    Attributes(field.GetCustomAttributes());
                }

                foreach (PropertyDefinitionHandle p in type.GetProperties())
                {
                    PropertyDefinition property = _md.GetPropertyDefinition(p);
                    _kind = LayerReference.PropertyType;
                    property.DecodeSignature(_collector, null);
                    Attributes(property.GetCustomAttributes());
                }

                foreach (EventDefinitionHandle e in type.GetEvents())
                {
                    EventDefinition ev = _md.GetEventDefinition(e);
                    _kind = LayerReference.EventType;
                    Entity(ev.Type);
                    Attributes(ev.GetCustomAttributes());
                }

                _kind = LayerReference.MethodImpl;
                foreach (MethodImplementationHandle m in type.GetMethodImplementations())
                    Entity(_md.GetMethodImplementation(m).MethodDeclaration);

                foreach (MethodDefinitionHandle m in type.GetMethods())
                    Method(_md.GetMethodDefinition(m));

                return _found;
            }

            void Method(MethodDefinition method)
            {
                _kind = LayerReference.MethodSignature;
                method.DecodeSignature(_collector, null);
                Constraints(method.GetGenericParameters());
                Attributes(method.GetCustomAttributes());
                foreach (ParameterHandle p in method.GetParameters())
                    Attributes(_md.GetParameter(p).GetCustomAttributes());

                if (method.RelativeVirtualAddress == 0) return; // abstract, extern, runtime-implemented
                MethodBodyBlock body = _pe.GetMethodBody(method.RelativeVirtualAddress);

                if (!body.LocalSignature.IsNil)
                {
                    _kind = LayerReference.LocalVariable;
                    _md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_collector, null);
                }

                _kind = LayerReference.CatchClause;
                foreach (ExceptionRegion region in body.ExceptionRegions)
                    if (region.Kind == ExceptionRegionKind.Catch) Entity(region.CatchType);

                _kind = LayerReference.MethodBody;
                foreach (int token in Il.Tokens(body.GetILReader()))
                    Entity(MetadataTokens.EntityHandle(token));
            }

            void Constraints(GenericParameterHandleCollection parameters)
            {
                foreach (GenericParameterHandle g in parameters)
                {
                    GenericParameter parameter = _md.GetGenericParameter(g);
                    _kind = LayerReference.Constraint;
                    foreach (GenericParameterConstraintHandle c in parameter.GetConstraints())
                        Entity(_md.GetGenericParameterConstraint(c).Type);
                    Attributes(parameter.GetCustomAttributes());
                }
            }

            void Attributes(CustomAttributeHandleCollection attributes)
            {
                LayerReference kind = _kind;
                _kind = LayerReference.Attribute;
                foreach (CustomAttributeHandle a in attributes)
                    Entity(_md.GetCustomAttribute(a).Constructor);
                _kind = kind;
            }

            public void Add(TypeDefinitionHandle handle)
            {
                _found.TryGetValue(handle, out LayerReference seen);
                _found[handle] = seen | _kind;
            }

            /// <summary>Every type definition an entity (type, member, signature token) mentions.</summary>
            public void Entity(EntityHandle handle)
            {
                if (handle.IsNil) return;
                switch (handle.Kind)
                {
                    case HandleKind.TypeDefinition:
                        Add((TypeDefinitionHandle)handle);
                        break;
                    case HandleKind.TypeReference:
                        TypeDefinitionHandle local = Resolve((TypeReferenceHandle)handle);
                        if (!local.IsNil) Add(local);
                        break;
                    case HandleKind.TypeSpecification:
                        _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_collector, null);
                        break;
                    case HandleKind.MethodDefinition:
                        Add(_md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                        break;
                    case HandleKind.FieldDefinition:
                        Add(_md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                        break;
                    case HandleKind.MemberReference:
                        MemberReference member = _md.GetMemberReference((MemberReferenceHandle)handle);
                        Entity(member.Parent); // TypeRef, TypeSpec (List<X>), MethodDef (vararg); ModuleRef is ignored below
                        if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(_collector, null);
                        else member.DecodeFieldSignature(_collector, null);
                        break;
                    case HandleKind.MethodSpecification:
                        MethodSpecification spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                        Entity(spec.Method);
                        spec.DecodeSignature(_collector, null); // the generic arguments
                        break;
                    case HandleKind.StandaloneSignature:
                        StandaloneSignature signature = _md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                        if (signature.GetKind() == StandaloneSignatureKind.Method) signature.DecodeMethodSignature(_collector, null);
                        else signature.DecodeLocalSignature(_collector, null);
                        break;
                }
            }

            /// <summary>A type reference that names a type of this very module (rare, but legal), or nil.</summary>
            public TypeDefinitionHandle Resolve(TypeReferenceHandle handle)
            {
                TypeReference reference = _md.GetTypeReference(handle);
                string name = _md.GetString(reference.Name);
                EntityHandle scope = reference.ResolutionScope;
                if (scope.Kind == HandleKind.ModuleDefinition)
                {
                    if (_topLevel == null)
                    {
                        _topLevel = new Dictionary<(string, string), TypeDefinitionHandle>();
                        foreach (TypeDefinitionHandle t in _md.TypeDefinitions)
                        {
                            TypeDefinition type = _md.GetTypeDefinition(t);
                            if (type.GetDeclaringType().IsNil) _topLevel[(_md.GetString(type.Namespace), _md.GetString(type.Name))] = t;
                        }
                    }
                    return _topLevel.TryGetValue((_md.GetString(reference.Namespace), name), out TypeDefinitionHandle found) ? found : default;
                }
                if (scope.Kind == HandleKind.TypeReference)
                {
                    TypeDefinitionHandle outer = Resolve((TypeReferenceHandle)scope);
                    if (outer.IsNil) return default;
                    foreach (TypeDefinitionHandle nested in _md.GetTypeDefinition(outer).GetNestedTypes())
                        if (_md.GetString(_md.GetTypeDefinition(nested).Name) == name) return nested;
                }
                return default; // another assembly or module
            }
        }

        /// <summary>Decodes signatures only to see every type definition (and local type reference) they mention.</summary>
        sealed class HandleCollector : ISignatureTypeProvider<Unit, object?>
        {
            readonly Scanner _scanner;

            public HandleCollector(Scanner scanner) => _scanner = scanner;

            public Unit GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                _scanner.Add(handle);
                return default;
            }

            public Unit GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
            {
                TypeDefinitionHandle local = _scanner.Resolve(handle);
                if (!local.IsNil) _scanner.Add(local);
                return default;
            }

            public Unit GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

            public Unit GetArrayType(Unit elementType, ArrayShape shape) => default;
            public Unit GetByReferenceType(Unit elementType) => default;
            public Unit GetFunctionPointerType(MethodSignature<Unit> signature) => default;
            public Unit GetGenericInstantiation(Unit genericType, ImmutableArray<Unit> typeArguments) => default;
            public Unit GetGenericMethodParameter(object? genericContext, int index) => default;
            public Unit GetGenericTypeParameter(object? genericContext, int index) => default;
            public Unit GetModifiedType(Unit modifier, Unit unmodifiedType, bool isRequired) => default;
            public Unit GetPinnedType(Unit elementType) => default;
            public Unit GetPointerType(Unit elementType) => default;
            public Unit GetPrimitiveType(PrimitiveTypeCode typeCode) => default;
            public Unit GetSZArrayType(Unit elementType) => default;
        }

        /// <summary>The decoder's type: the collector records handles as a side effect, the shapes do not matter.</summary>
        readonly struct Unit
        {
        }

        /// <summary>
        /// An IL walker that yields the metadata token of every token operand. An unknown opcode, or an operand
        /// running past the end of the body (BlobReader refuses the offset), throws: the walk cannot drift silently.
        /// </summary>
        internal static class Il
        {
            // Operand types by opcode, from System.Reflection.Emit.OpCodes: one-byte opcodes, and 0xFE xx.
            static readonly OperandType?[] OneByte = new OperandType?[256];
            static readonly OperandType?[] TwoByte = new OperandType?[256];

            static Il()
            {
                foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
                {
                    if (!(field.GetValue(null) is OpCode op)) continue;
                    ushort value = unchecked((ushort)op.Value);
                    if (op.Size == 1) OneByte[value] = op.OperandType;
                    else if (op.Size == 2 && value >> 8 == 0xFE) TwoByte[value & 0xFF] = op.OperandType;
                }
            }

            public static List<int> Tokens(BlobReader il)
            {
                var tokens = new List<int>();
                while (il.RemainingBytes > 0)
                {
                    int offset = il.Offset;
                    byte code = il.ReadByte();
                    OperandType? operand = code == 0xFE ? TwoByte[il.ReadByte()] : OneByte[code];
                    if (operand == null) throw new BadImageFormatException($"Unknown IL opcode at offset {offset}.");
                    switch (operand.Value)
                    {
                        case OperandType.InlineNone:
                            break;
                        case OperandType.ShortInlineBrTarget:
                        case OperandType.ShortInlineI:
                        case OperandType.ShortInlineVar:
                            il.Offset += 1;
                            break;
                        case OperandType.InlineVar:
                            il.Offset += 2;
                            break;
                        case OperandType.InlineBrTarget:
                        case OperandType.InlineI:
                        case OperandType.ShortInlineR:
                        case OperandType.InlineString: // a user-string token: no type
                            il.Offset += 4;
                            break;
                        case OperandType.InlineI8:
                        case OperandType.InlineR:
                            il.Offset += 8;
                            break;
                        case OperandType.InlineSwitch:
                            int targets = il.ReadInt32();
                            il.Offset += 4 * targets;
                            break;
                        case OperandType.InlineField:
                        case OperandType.InlineMethod:
                        case OperandType.InlineTok:
                        case OperandType.InlineType:
                        case OperandType.InlineSig:
                            tokens.Add(il.ReadInt32());
                            break;
                        default:
                            throw new BadImageFormatException($"Unexpected operand type {operand} at IL offset {offset}.");
                    }
                }
                return tokens;
            }
        }
    }
}
