using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Infrastructure.LocalDatabase;

/// <summary>
/// The <c>LocalDatabase</c> settings: the private PostgreSQL cluster the platform starts for itself when no
/// <c>ConnectionStrings:Consultation</c> is given. Validated before the cluster starts.
/// </summary>
public sealed class LocalDatabaseOptions
{
    public const string Section = "LocalDatabase";

    /// <summary>Where the cluster keeps its data (default: .data/postgres in the repository, or the working directory).</summary>
    public string? DataDirectory { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "LocalDatabase:Database names the database inside the cluster; it cannot be empty.")]
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,62}$", ErrorMessage = "LocalDatabase:Database is a plain database name: letters, digits and underscores, at most 63, not starting with a digit.")]
    public string Database { get; set; } = "consultation";

    /// <summary>A fixed port, or none for a free loopback port at each start.</summary>
    [Range(1, 65535, ErrorMessage = "LocalDatabase:Port is a TCP port, from 1 to 65535 (or leave it unset for a free port).")]
    public int? Port { get; set; }

    /// <summary>Where initdb, pg_ctl and postgres are; found automatically when unset.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>The settings from the configuration, validated; a bad value stops the start with a message that names it.</summary>
    public static LocalDatabaseOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<LocalDatabaseOptions>() ?? new LocalDatabaseOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            throw new OptionsValidationException(Section, typeof(LocalDatabaseOptions), results.Select(r => r.ErrorMessage ?? "").ToArray());
        return options;
    }
}
