using System.Reflection;
using System.Reflection.Emit;
using Microsoft.EntityFrameworkCore;

namespace PartnerSupport.Tests.Foundation;

/// <summary>
/// Feature folders (one namespace each under PartnerSupport.) may use one another's behaviour
/// (use cases, views, services) in one direction only: a cycle means two features can no longer
/// be understood or changed apart. The model (the entities the database maps, and enums) is
/// shared, since reads may join any tables; so are the shared kernel (Common, Storage,
/// Resources) and the composition roots (the root namespace, Demo), which see every feature by
/// design.
/// </summary>
public sealed class FeatureDependencyTests
{
    private static readonly HashSet<string> NotFeatures = ["", "Common", "Storage", "Resources", "Demo"];

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [SkippableFact]
    public void Feature_folders_of_the_domain_do_not_depend_on_each_other_in_cycles()
    {
        using var db = new PartnerSupport.Storage.AppDbContext(new DbContextOptionsBuilder<PartnerSupport.Storage.AppDbContext>()
            .UseSqlite("Data Source=:memory:").Options);
        var model = db.Model.GetEntityTypes().Select(e => e.ClrType).ToHashSet();
        var graph = FeatureGraph(typeof(PartnerSupport.Common.Error).Assembly, "PartnerSupport", t => t.IsEnum || model.Contains(t));
        Assert.True(graph.Count >= 8, "features found: " + string.Join(", ", graph.Keys));
        var cycles = Cycles(graph);
        Assert.True(cycles.Count == 0, "Feature cycles:\n" + string.Join("\n", cycles.Select(c => string.Join(" -> ", c))) + "\n\nEdges:\n" + Describe(graph));
    }

    [SkippableFact]
    public void The_check_finds_a_cycle_when_there_is_one()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "A.X uses B.Y" },
            ["B"] = new() { ["C"] = "B.Y uses C.Z" },
            ["C"] = new() { ["A"] = "C.Z uses A.X" },
            ["D"] = new() { ["A"] = "D uses A" },
        };
        var cycle = Assert.Single(Cycles(graph));
        Assert.Equal(["A", "B", "C", "A"], cycle);
    }

    /// <summary>feature → (feature it uses → one example of the use, for the failure message).</summary>
    private static Dictionary<string, Dictionary<string, string>> FeatureGraph(Assembly assembly, string root, Func<Type, bool> shared)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in assembly.GetTypes())
        {
            var from = Feature(type, root);
            if (from is null)
                continue;
            graph.TryAdd(from, []);
            foreach (var used in UsedTypes(type))
            {
                var to = Feature(used, root);
                if (to is not null && to != from && !shared(used))
                    graph[from].TryAdd(to, $"{type.FullName} uses {used.FullName}");
            }
        }
        return graph;
    }

    private static string? Feature(Type type, string root)
    {
        var ns = type.Namespace ?? "";
        if (ns != root && !ns.StartsWith(root + ".", StringComparison.Ordinal))
            return null;
        var feature = ns.Length == root.Length ? "" : ns[(root.Length + 1)..].Split('.')[0];
        return NotFeatures.Contains(feature) ? null : feature;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var used = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter)
                return;
            if (t.HasElementType)
            {
                // T[], T& and T*: what counts is T.
                Add(t.GetElementType());
                return;
            }
            if (!used.Add(t))
                return;
            if (t.IsGenericType)
            {
                foreach (var arg in t.GetGenericArguments())
                    Add(arg);
            }
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
            Add(i);
        foreach (var f in type.GetFields(all))
            Add(f.FieldType);
        foreach (var p in type.GetProperties(all))
            Add(p.PropertyType);
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo m)
                Add(m.ReturnType);
            foreach (var p in method.GetParameters())
                Add(p.ParameterType);
            foreach (var t in TypesInBody(method))
                Add(t);
        }
        // Compiler-made types (lambdas' closures, async state machines) carry their parent's code.
        foreach (var nested in type.GetNestedTypes(all))
        {
            foreach (var t in UsedTypes(nested))
                Add(t);
        }
        return used;
    }

    /// <summary>Every type a method body names: the declaring types of what it calls, creates, reads or casts to.</summary>
    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var op))
                yield break;
            var operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                Type? found = null;
                try
                {
                    var token = BitConverter.ToInt32(il, i);
                    found = op.OperandType == OperandType.InlineType
                        ? module.ResolveType(token, typeArgs, methodArgs)
                        : module.ResolveMember(token, typeArgs, methodArgs) switch
                        {
                            Type t => t,
                            MemberInfo m => m.DeclaringType,
                            _ => null,
                        };
                }
                catch (ArgumentException)
                {
                    // A token of another module's generic context: not one of ours.
                }
                if (found is not null)
                    yield return found;
            }
            i += operand;
        }
    }

    /// <summary>Each elementary cycle once, as A → B → ... → A, starting from its smallest name.</summary>
    private static List<List<string>> Cycles(Dictionary<string, Dictionary<string, string>> graph)
    {
        var cycles = new List<List<string>>();
        var seen = new HashSet<string>();
        void Walk(string start, string node, List<string> path)
        {
            foreach (var next in graph.GetValueOrDefault(node, []).Keys.Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    List<string> cycle = [.. path, start];
                    if (seen.Add(string.Join(">", cycle)))
                        cycles.Add(cycle);
                }
                else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next))
                {
                    Walk(start, next, [.. path, next]);
                }
            }
        }
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
            Walk(start, start, [start]);
        return cycles;
    }

    private static string Describe(Dictionary<string, Dictionary<string, string>> graph) =>
        string.Join("\n", graph.OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Value.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{g.Key} -> {e.Key}: {e.Value}")));
}
