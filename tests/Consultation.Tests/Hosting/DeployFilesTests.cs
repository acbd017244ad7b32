using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace ConsultationPlatform.Tests.Hosting;

/// <summary>
/// deploy/ cannot run here (no container engine): its files are parsed, and checked for what deploy/README.md
/// promises of them.
/// </summary>
public class DeployFilesTests
{
    private static readonly string Root = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    private static string Read(string path) => File.ReadAllText(Path.Combine(Root, path));

    private static List<Dictionary<object, object>> Documents(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new MergingParser(new Parser(new StringReader(Read(path))));
        var documents = new List<Dictionary<object, object>>();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        return documents;
    }

    private static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;
    private static List<object> List(object node) => (List<object>)node;
    private static object At(object node, params string[] path) => path.Aggregate(node, (n, key) => Map(n)[key]);

    [Fact]
    public void compose_runs_two_app_nodes_on_postgresql_and_redis_behind_a_proxy_that_carries_websockets()
    {
        var compose = Documents("deploy/container/compose.yaml").Single();
        var services = Map(compose["services"]);
        Assert.Equal(["app-1", "app-2", "db", "proxy", "redis"], services.Keys.Select(k => (string)k).Order());
        foreach (var node in new[] { "app-1", "app-2" })
        {
            var app = Map(services[node]);
            var environment = Map(app["environment"]);
            Assert.Equal("redis:6379", environment["ConnectionStrings__Redis"]);
            Assert.Contains("Host=db", (string)environment["ConnectionStrings__Consultation"]);
            // The first administrator: the stack refuses to start without one (compose's ${VAR:?message}).
            Assert.StartsWith("${ADMIN_EMAIL:?", (string)environment["Accounts__AdminEmail"]);
            Assert.Equal("deploy/container/Dockerfile", At(app, "build", "dockerfile"));
            Assert.DoesNotContain(":latest", (string)app["image"]);
        }

        var proxy = Map(services["proxy"]);
        var mount = (string)List(proxy["volumes"]).Single();
        var nginx = File.ReadAllText(Path.Combine(Root, "deploy/container", mount.Split(':')[0]));
        Assert.Contains("proxy_set_header Upgrade $http_upgrade", nginx);
        Assert.Contains("server app-1:8080", nginx);
        Assert.Contains("server app-2:8080", nginx);
        Assert.Contains("ip_hash", nginx);
    }

    [Fact]
    public void kubernetes_runs_two_replicas_with_a_budget_readiness_on_the_lag_secrets_redis_and_a_sticky_websocket_ingress()
    {
        var documents = Documents("deploy/kubernetes/consultation.yaml");
        Dictionary<object, object> Kind(string kind, string name) =>
            documents.Single(d => (string)d["kind"] == kind && (string)At(d, "metadata", "name") == name);

        var app = Kind("Deployment", "consultation");
        Assert.True(int.Parse((string)At(app, "spec", "replicas")) >= 2);
        var container = Map(List(At(app, "spec", "template", "spec", "containers")).Single());
        Assert.Equal("/health/ready", At(container, "readinessProbe", "httpGet", "path"));
        var environment = List(container["env"]).Select(Map).ToDictionary(e => (string)e["name"]);
        Assert.Equal("consultation", At(environment["ConnectionStrings__Consultation"], "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("consultation-redis:6379", environment["ConnectionStrings__Redis"]["value"]);
        Assert.True(environment.ContainsKey("Health__MaxLiveViewsLagSeconds"));

        foreach (var deployment in documents.Where(d => (string)d["kind"] == "Deployment"))
        foreach (var c in List(At(deployment, "spec", "template", "spec", "containers")).Select(Map))
        {
            Assert.Contains((string)c["imagePullPolicy"], new[] { "IfNotPresent", "Always", "Never" });
            var image = (string)c["image"];
            Assert.Contains(':', image);
            Assert.False(image.EndsWith(":latest"), image);
        }

        Assert.Equal("1", At(Kind("PodDisruptionBudget", "consultation"), "spec", "minAvailable"));
        Assert.Equal("consultation", At(Kind("Service", "consultation"), "spec", "selector", "app"));
        Assert.Equal("consultation-redis", At(Kind("Service", "consultation-redis"), "spec", "selector", "app"));
        Assert.True(Map(Kind("Secret", "consultation")["stringData"]).ContainsKey("connection-string"));
        var ingress = Kind("Ingress", "consultation");
        Assert.Equal("cookie", At(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/affinity"));
        Assert.Equal("consultation", At(List(At(List(At(ingress, "spec", "rules")).Single(), "http", "paths")).Single(), "backend", "service", "name"));
    }

    [Fact]
    public void the_image_is_multi_stage_non_root_with_pre_generated_code_and_a_health_check()
    {
        var dockerfile = Read("deploy/container/Dockerfile").Split('\n');
        Assert.True(dockerfile.Count(l => l.StartsWith("FROM ")) >= 2);
        Assert.Contains(dockerfile, l => l.Contains("codegen write"));
        Assert.Contains(dockerfile, l => l.Contains("Wolverine__TypeLoadMode=Static"));
        // Published ReadyToRun (issue 14, goal 3): restored for the same runtime, so that the publish needs no restore.
        Assert.Contains(dockerfile, l => l.StartsWith("RUN dotnet publish ") && l.Contains("-p:PublishReadyToRun=true") && l.Contains("-r linux-x64"));
        Assert.Contains(dockerfile, l => l.StartsWith("RUN dotnet restore ") && l.Contains("-p:PublishReadyToRun=true") && l.Contains("-r linux-x64"));
        Assert.Contains(dockerfile, l => l.StartsWith("HEALTHCHECK "));
        var user = dockerfile.Last(l => l.StartsWith("USER ")).Split(' ')[1].Trim();
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        var ignored = Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".data/", ignored);
    }
}
