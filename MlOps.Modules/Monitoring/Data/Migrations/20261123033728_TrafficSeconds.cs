using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Monitoring.Data.Migrations
{
    /// <inheritdoc />
    internal partial class TrafficSeconds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monitoring_traffic_seconds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Second = table.Column<long>(type: "INTEGER", nullable: false),
                    Answered = table.Column<long>(type: "INTEGER", nullable: false),
                    Records = table.Column<long>(type: "INTEGER", nullable: false),
                    ValueSum = table.Column<double>(type: "REAL", nullable: false),
                    Values = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyMin = table.Column<double>(type: "REAL", nullable: false),
                    LatencyMax = table.Column<double>(type: "REAL", nullable: false),
                    Labels = table.Column<string>(type: "TEXT", nullable: false),
                    Latency = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_traffic_seconds", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_traffic_seconds_Model_Second_Version",
                table: "monitoring_traffic_seconds",
                columns: new[] { "Model", "Second", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_traffic_seconds_Second",
                table: "monitoring_traffic_seconds",
                column: "Second");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "monitoring_traffic_seconds");
        }
    }
}
