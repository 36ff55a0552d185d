using System.Text.Json.Serialization;

namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>The test that judged a column, named in JSON as Evidently names it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftTest>))]
public enum DriftTest
{
    /// <summary>Two-sample Kolmogorov–Smirnov (<c>scipy.stats.ks_2samp</c>); drifted when p &lt; threshold.</summary>
    [JsonStringEnumMemberName("ks")]
    KolmogorovSmirnov,

    /// <summary>Chi-squared goodness of fit of the current counts to the reference shares; drifted when p &lt; threshold.</summary>
    [JsonStringEnumMemberName("chisquare")]
    ChiSquared,

    /// <summary>Two-proportion z-test for a column with at most two values; drifted when p &lt; threshold.</summary>
    [JsonStringEnumMemberName("z")]
    ProportionZ,

    /// <summary>Wasserstein distance divided by the reference standard deviation; drifted when the statistic ≥ threshold.</summary>
    [JsonStringEnumMemberName("wasserstein")]
    Wasserstein,

    /// <summary>Jensen–Shannon distance (natural logarithm); drifted when the statistic ≥ threshold.</summary>
    [JsonStringEnumMemberName("jensenshannon")]
    JensenShannon,
}

/// <summary>How a column was compared: as numbers, or as categories (categorical and boolean columns).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftColumnType>))]
public enum DriftColumnType
{
    [JsonStringEnumMemberName("numeric")]
    Numeric,

    [JsonStringEnumMemberName("categorical")]
    Categorical,
}
