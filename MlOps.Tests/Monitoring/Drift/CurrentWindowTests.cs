using System.Text.Json;
using MlOps.Modules.Monitoring.Drift;

namespace MlOps.Tests.Monitoring.Drift;

public sealed class CurrentWindowTests
{
    [Fact]
    public void Logged_floats_read_back_as_the_decimals_the_training_csv_holds()
    {
        var window = CurrentWindow.FromRows([Row(0.1f), Row(39.1f), Row(null)]);

        Assert.Equal([0.1, 39.1], window.Inputs["value"].PresentNumbers());
        Assert.Equal(["0.1", "39.1"], window.Inputs["value"].PresentTexts());
    }

    [Fact]
    public void Values_read_back_from_json_keep_their_kind()
    {
        var rows = JsonSerializer.Deserialize<List<Dictionary<string, object?>>>("""
            [{"n": 1.5, "s": " Dream ", "b": true}, {"n": null, "s": null, "b": false}, {"n": 2, "s": "Biscoe"}]
            """)!;

        var window = CurrentWindow.FromRows(rows.Cast<IReadOnlyDictionary<string, object?>>().ToList(), [JsonSerializer.SerializeToElement("Adelie"), null, "Gentoo"]);

        Assert.Equal(3, window.Rows);
        Assert.Equal([1.5, 2.0], window.Inputs["n"].PresentNumbers());
        Assert.Equal(["Dream", "Biscoe"], window.Inputs["s"].PresentTexts());
        Assert.Equal(["true", "false"], window.Inputs["b"].PresentTexts());
        Assert.Equal(["Adelie", "Gentoo"], window.Predictions!.PresentTexts());
    }

    [Fact]
    public void A_column_mixing_numbers_and_text_is_text_whose_numbers_still_parse()
    {
        var window = CurrentWindow.FromRows([Row(3f), Row("4.5"), Row("n/a")]);

        Assert.Equal(["3", "4.5", "n/a"], window.Inputs["value"].PresentTexts());
        Assert.Equal([3.0, 4.5], window.Inputs["value"].PresentNumbers());
    }

    [Fact]
    public void Predictions_must_be_one_per_row() =>
        Assert.Throws<ArgumentException>(() => CurrentWindow.FromRows([Row(1f), Row(2f)], ["a"]));

    private static IReadOnlyDictionary<string, object?> Row(object? value) => new Dictionary<string, object?> { ["value"] = value };
}
