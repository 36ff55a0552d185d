using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Experiments.Data.Migrations.PostgreSql
{
    /// <summary>
    /// A param or tag value belongs to its key ('LightGbm' is only ever a value of 'trainer'), which PostgreSQL's
    /// per-column statistics cannot see: they multiply the two selectivities and underestimate Key = ... AND Value = ...
    /// tenfold or more, and run search then probes every match of that condition by nested loop. Statistics on the pair
    /// give the planner the real counts. Latest metrics get none: their values are continuous, so a list of the most
    /// common (Key, Value) pairs would say nothing about a range.
    /// </summary>
    internal sealed partial class SearchStatistics : Migration
    {
        private static readonly string[] Tables = ["experiments_params", "experiments_tags"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""CREATE STATISTICS "{table}_key_value" (dependencies, mcv) ON "Key", "Value" FROM {table};""");
                migrationBuilder.Sql($"ANALYZE {table};");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables) migrationBuilder.Sql($"""DROP STATISTICS "{table}_key_value";""");
        }
    }
}
