using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlOps.Modules.Pipeline.Training.Featurization;

internal sealed class DateText
{
    [ColumnName(DateParts.InputColumn)]
    public string? Value { get; set; }
}

/// <summary>Year, month and day of week of a date column; NaN where the text is not a date.</summary>
internal sealed class DateParts
{
    public const string ContractName = "MlOps.DateParts";
    public const string InputColumn = "__mlops_date";
    public const string YearColumn = "__mlops_year";
    public const string MonthColumn = "__mlops_month";
    public const string DayOfWeekColumn = "__mlops_day_of_week";

    [ColumnName(YearColumn)]
    public float Year { get; set; }

    [ColumnName(MonthColumn)]
    public float Month { get; set; }

    [ColumnName(DayOfWeekColumn)]
    public float DayOfWeek { get; set; }

    public static void Map(DateText input, DateParts output)
    {
        if (DateTime.TryParse(input.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            output.Year = date.Year;
            output.Month = date.Month;
            output.DayOfWeek = (float)date.DayOfWeek;
            return;
        }

        output.Year = output.Month = output.DayOfWeek = float.NaN;
    }
}

/// <summary>Lets a saved model that splits dates be loaded again: ML.NET finds the mapping by its contract name.</summary>
[CustomMappingFactoryAttribute(DateParts.ContractName)]
internal sealed class DatePartsFactory : CustomMappingFactory<DateText, DateParts>
{
    public override Action<DateText, DateParts> GetMapping() => DateParts.Map;
}
