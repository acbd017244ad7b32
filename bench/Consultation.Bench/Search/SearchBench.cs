using System.Diagnostics;
using System.Text;
using ConsultationPlatform.Bench.Infrastructure;
using ConsultationPlatform.Search;
using JasperFx;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;

namespace ConsultationPlatform.Bench.Search;

/// <summary>
/// The search benchmark (<c>-- --search</c>): a private PostgreSQL, the platform's own search table (generated tsvector
/// in each row's configuration, GIN index), N synthetic inputs in English, French, Spanish, Arabic and Russian loaded with
/// COPY, then representative queries run through the platform's query (<see cref="SearchReads.Search"/>: visibility,
/// ranking, snippets) and, in the same run, the raw match alone as the baseline. p50/p95 per query, index size.
/// </summary>
public static class SearchBench
{
    private const string Schema = "consultation";

    private static readonly Dictionary<string, string[]> Words = new()
    {
        ["en"] = ("migrant migrants migration worker workers remittance remittances cost costs transfer corridor diaspora partnership partnerships " +
                  "development decent work rights human labour recruitment fees skills mobility integration policy policies coherence data " +
                  "women children families return circular regular safe orderly cooperation bilateral multilateral state states government " +
                  "civil society private sector local authorities city cities health education social protection portability pension " +
                  "the of and to in for on with by from that this are is be as at an a or we our their must should will").Split(' '),
        ["fr"] = ("migrant migrants migrante migrantes migration travailleur travailleurs travailleuses envoi envois fonds coût coûts transfert " +
                  "diaspora partenariat partenariats développement travail décent droits humains recrutement frais compétences mobilité " +
                  "intégration politique politiques cohérence données femmes enfants familles retour régulière sûre coopération bilatérale " +
                  "multilatérale États gouvernement société civile secteur privé autorités locales villes santé éducation protection sociale " +
                  "le la les de des du et à en pour sur avec par que ce sont est être nous nos leurs doit doivent").Split(' '),
        ["es"] = ("migrante migrantes migración trabajador trabajadores trabajadoras remesa remesas costo costos transferencia corredor diáspora " +
                  "asociación asociaciones desarrollo trabajo decente derechos humanos contratación comisiones competencias movilidad " +
                  "integración política políticas coherencia datos mujeres niños familias retorno regular segura cooperación bilateral " +
                  "multilateral Estados gobierno sociedad civil sector privado autoridades locales ciudades salud educación protección social " +
                  "el la los las de del y a en para con por que este son es ser nosotros nuestros sus debe deben").Split(' '),
        ["ar"] = "المهاجرين الهجرة العمال التحويلات المالية تكلفة التنمية الشراكة حقوق الإنسان العمل اللائق المغتربين الدول المجتمع المدني في من على إلى".Split(' '),
        ["ru"] = "мигранты мигрантов миграция работники денежные переводы стоимость развитие партнёрство права человека достойный труд диаспора государства в и на для с".Split(' '),
    };

    private static readonly (string Language, int Share)[] Mix = [("en", 40), ("fr", 25), ("es", 25), ("ar", 5), ("ru", 5)];

    /// <summary>The queries: common and rare words, several words, a phrase, French and Spanish inflections, and one with filters.</summary>
    private static readonly (string Name, string Query, string? Kind, string? Language)[] Queries =
    [
        ("one common word (en)", "migrants", null, null),
        ("two words (en)", "remittance costs", null, null),
        ("phrase (en)", "\"decent work\"", null, null),
        ("French inflection", "travailleuses migrantes", null, null),
        ("Spanish inflection", "remesa trabajador", null, null),
        ("rare words", "pension portability", null, null),
        ("filtered: kind + language", "migration policy", "input", "fr"),
    ];

    public static async Task<int> Run(string[] args, CancellationToken ct)
    {
        var count = Argument(args, "--inputs", 100_000);
        var repetitions = Argument(args, "--repetitions", 40);
        var runFolder = Directory.CreateTempSubdirectory("consultation-search-bench-").FullName;
        Console.WriteLine($"Search benchmark: {count:N0} inputs, {repetitions} runs of each query; folder {runFolder}");
        using var database = BenchDatabase.Start(runFolder);
        var connectionString = database.CreateDatabase("bench_search");
        Console.WriteLine($"PostgreSQL: {database.Describe}; {database.Version()}");

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await CreateTables(dataSource, ct);
        var consultationId = Guid.NewGuid();
        var load = Stopwatch.StartNew();
        await Load(dataSource, consultationId, count, ct);
        load.Stop();
        await Execute(dataSource, $"analyze {Schema}.{SearchTables.Entries}", ct);
        Console.WriteLine($"Loaded {count:N0} inputs with COPY in {load.Elapsed.TotalSeconds:N1} s ({count / load.Elapsed.TotalSeconds:N0} rows/s, tsvector generated on insert)");

        var sizes = await Scalar<string>(dataSource,
            $"""
             select format('GIN index %s; table with its indexes and TOAST %s; text indexed %s',
                 pg_size_pretty(pg_relation_size('{Schema}.ix_{SearchTables.Entries}_search')),
                 pg_size_pretty(pg_total_relation_size('{Schema}.{SearchTables.Entries}')),
                 pg_size_pretty(sum(octet_length(body))::bigint)) from {Schema}.{SearchTables.Entries}
             """, ct);
        Console.WriteLine(sizes);

        using var store = DocumentStore.For(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = Schema;
            o.AutoCreateSchemaObjects = AutoCreate.None;
            o.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        });

        Console.WriteLine();
        Console.WriteLine("| query | hits | platform query p50 / p95 (ms) | raw match p50 / p95 (ms) | p95 ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, query, kind, language) in Queries)
        {
            var (request, _) = SearchReads.Parse(query, kind, null, null, language, null, consultationId, null);
            var platform = new List<double>();
            var raw = new List<double>();
            long total = 0;
            // Warm both once, then alternate them so that drift on the machine falls on both alike.
            await using (var warm = store.QuerySession()) total = (await SearchReads.Search(warm, request!, SearchReader.Public, ct)).Total;
            await RawMatch(dataSource, query, ct);
            for (var i = 0; i < repetitions; i++)
            {
                var watch = Stopwatch.StartNew();
                await using (var session = store.QuerySession()) await SearchReads.Search(session, request!, SearchReader.Public, ct);
                platform.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                await RawMatch(dataSource, query, ct);
                raw.Add(watch.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"| {name}: `{query}`{(kind is null ? "" : $" (kind={kind}, language={language})")} | {total:N0} | " +
                              $"{Percentile(platform, 50):N1} / {Percentile(platform, 95):N1} | {Percentile(raw, 50):N1} / {Percentile(raw, 95):N1} | " +
                              $"{Percentile(platform, 95) / Percentile(raw, 95):N1}× |");
        }

        Console.WriteLine();
        Console.WriteLine("Raw match (the baseline): select id from search_entries where search @@ websearch_to_tsquery('english', q) limit 20.");
        return 0;
    }

    private static async Task RawMatch(NpgsqlDataSource dataSource, string query, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select id from {Schema}.{SearchTables.Entries} where search @@ websearch_to_tsquery('english', $1) limit 20");
        command.Parameters.AddWithValue(query);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) { }
    }

    private static async Task CreateTables(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var ddl = new StringWriter();
        ddl.WriteLine($"create schema if not exists {Schema};");
        var migrator = new PostgresqlMigrator();
        SearchTables.EntriesTable(Schema).WriteCreateStatement(migrator, ddl);
        SearchTables.ConsultationsTable(Schema).WriteCreateStatement(migrator, ddl);
        await Execute(dataSource, ddl.ToString(), ct);
    }

    private static async Task Load(NpgsqlDataSource dataSource, Guid consultationId, int count, CancellationToken ct)
    {
        var random = new Random(17);
        var groups = new[] { "CivilSociety", "MigrantOrDiasporaOrganisation", "Academia", "PrivateSector", "TradeUnion", "LocalAuthority" };
        var points = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var writer = await connection.BeginTextImportAsync(
                         $"copy {Schema}.{SearchTables.Entries} (id, kind, consultation_id, action_point_id, action_point_number, stakeholder_group, " +
                         "language, config, phase, status, public, person_id, organisation_name, title, body) from stdin", ct))
        {
            var line = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                var language = Pick(random);
                var published = random.Next(10) != 0;
                var point = random.Next(9);
                line.Clear()
                    .Append(Guid.NewGuid()).Append('\t').Append("input").Append('\t').Append(consultationId).Append('\t')
                    .Append(point == 8 ? @"\N" : points[point].ToString()).Append('\t').Append(point == 8 ? @"\N" : (point + 1).ToString()).Append('\t')
                    .Append(groups[random.Next(groups.Length)]).Append('\t').Append(language).Append('\t')
                    .Append(SearchLanguages.ConfigurationFor(language)).Append('\t').Append(random.Next(3) == 0 ? "drafting" : "inputs").Append('\t')
                    .Append(published ? "published" : "received").Append('\t').Append(published ? 't' : 'f').Append('\t')
                    .Append(Guid.NewGuid()).Append('\t').Append("Organisation ").Append(random.Next(2_000)).Append('\t')
                    .Append(Text(random, language, 4 + random.Next(6))).Append('\t')
                    .Append(Text(random, language, 40 + random.Next(120))).Append('\n');
                await writer.WriteAsync(line.ToString());
            }
        }
    }

    private static string Pick(Random random)
    {
        var n = random.Next(100);
        foreach (var (language, share) in Mix)
        {
            if (n < share) return language;
            n -= share;
        }

        return "en";
    }

    /// <summary>Words drawn with a skewed distribution (the first words of each list are the common ones).</summary>
    private static string Text(Random random, string language, int words)
    {
        var list = Words[language];
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            var index = (int)(list.Length * Math.Pow(random.NextDouble(), 1.6));
            text.Append(i == 0 ? "" : i % 17 == 0 ? ". " : " ").Append(list[Math.Min(index, list.Length - 1)]);
        }

        return text.Append('.').ToString();
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var n) && n > 0 ? n : fallback;
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> Scalar<T>(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
