using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Monitoring.Data.Migrations
{
    /// <inheritdoc />
    internal partial class TrafficSecondsLatencyBlob : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Totals in the JSON form cannot be read as the new pairs: drop them; start-up totals the log again.
            migrationBuilder.Sql("DELETE FROM monitoring_traffic_seconds;");
            migrationBuilder.AlterColumn<byte[]>(
                name: "Latency",
                table: "monitoring_traffic_seconds",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM monitoring_traffic_seconds;");
            migrationBuilder.AlterColumn<string>(
                name: "Latency",
                table: "monitoring_traffic_seconds",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");
        }
    }
}
