using System.Reflection;
using System.Reflection.Emit;
using ConsultationPlatform.Hosting;

namespace ConsultationPlatform.Tests.Hosting;

/// <summary>
/// The core (the capabilities) does not depend on its edges (the live push, the seed importer, the host): a type of
/// a capability's namespace references no type of LivePush, Seeding or Hosting, in its signatures or in its code
/// (read from the compiled IL, lambdas and async state machines included).
/// </summary>
public class CoreDependencyTests
{
    private static readonly string[] Capabilities =
        ["Consultations", "ActionPoints", "Submissions", "Amendments", "Endorsements", "Stakeholders", "Moderation", "LiveSessions", "Outcome"];

    private static readonly string[] Edges = ["LivePush", "Seeding", "Hosting"];

    private static readonly Assembly App = typeof(ConsultationApp).Assembly;

    private static bool In(Type type, string area) =>
        type.Namespace is { } ns && (ns == $"ConsultationPlatform.{area}" || ns.StartsWith($"ConsultationPlatform.{area}.", StringComparison.Ordinal));

    [Fact]
    public void the_capabilities_reference_no_type_of_the_live_push_the_seeding_or_the_host()
    {
        var core = App.GetTypes().Where(t => Capabilities.Any(c => In(t, c))).ToList();
        Assert.True(core.Count > 100, $"only {core.Count} types found in the capabilities");
        var offending = core
            .SelectMany(t => References(t).Where(r => r.Assembly == App && Edges.Any(edge => In(r, edge))).Select(r => $"{t.FullName} -> {r.FullName}"))
            .Distinct().Order().ToList();
        Assert.True(offending.Count == 0, "The core references its edges:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void the_check_sees_references_in_signatures_and_in_code()
    {
        // Positive controls, so that the check above cannot pass for not looking: the live push reads the history
        // in its code, the host names the importers in its code, and a hub method's signature names its result.
        Assert.Contains(typeof(ConsultationPlatform.Consultations.History.ChangeClassifier), References(typeof(ConsultationPlatform.LivePush.LiveViewsSubscription)));
        Assert.Contains(typeof(ConsultationPlatform.Seeding.SeedImporter), References(typeof(ConsultationApp)));
        Assert.Contains(typeof(ConsultationPlatform.LivePush.JoinResult), References(typeof(ConsultationPlatform.LivePush.ConsultationHub)));
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The types a type names: base, interfaces, members' signatures, attributes, and what its methods' IL refers to (nested types included).</summary>
    private static HashSet<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        var types = new Stack<Type>([type]);
        var seen = new HashSet<Type>();
        while (types.TryPop(out var t))
        {
            if (!seen.Add(t)) continue;
            foreach (var nested in t.GetNestedTypes(All)) types.Push(nested);
            Add(found, t.BaseType);
            foreach (var i in t.GetInterfaces()) Add(found, i);
            foreach (var a in t.GetCustomAttributesData()) Add(found, a.AttributeType);
            foreach (var f in t.GetFields(All)) Add(found, f.FieldType);
            foreach (var p in t.GetProperties(All)) Add(found, p.PropertyType);
            foreach (var m in t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)))
            {
                if (m is MethodInfo mi) Add(found, mi.ReturnType);
                foreach (var p in m.GetParameters()) Add(found, p.ParameterType);
                foreach (var a in m.GetCustomAttributesData()) Add(found, a.AttributeType);
                foreach (var r in InCode(m)) Add(found, r);
            }
        }

        return found;
    }

    private static void Add(HashSet<Type> found, Type? type)
    {
        if (type is null) return;
        if (type.HasElementType)
        {
            Add(found, type.GetElementType());
            return;
        }

        if (!found.Add(type)) return;
        if (type.IsGenericType) foreach (var argument in type.GetGenericArguments()) Add(found, argument);
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types, fields' and methods' declaring types named by a method's IL.</summary>
    private static IEnumerable<Type> InCode(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var token = BitConverter.ToInt32(il, at);
                    MemberInfo? member = null;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                    }

                    if (member is Type t) yield return t;
                    else if (member is not null)
                    {
                        if (member.DeclaringType is { } declaring) yield return declaring;
                        if (member is MethodInfo m)
                        {
                            yield return m.ReturnType;
                            if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                        }

                        if (member is FieldInfo f) yield return f.FieldType;
                    }

                    at += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
