using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Monitoring.Data.Migrations
{
    /// <inheritdoc />
    internal sealed partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monitoring_alerts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: true),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_failures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: true),
                    Alias = table.Column<string>(type: "TEXT", nullable: true),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    LatencyMs = table.Column<double>(type: "REAL", nullable: false),
                    Caller = table.Column<string>(type: "TEXT", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_failures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_predictions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Alias = table.Column<string>(type: "TEXT", nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", nullable: false),
                    RecordIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Caller = table.Column<string>(type: "TEXT", nullable: false),
                    Inputs = table.Column<string>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Probabilities = table.Column<string>(type: "TEXT", nullable: true),
                    LatencyMs = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_predictions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_feedback",
                columns: table => new
                {
                    PredictionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    PredictionAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Actual = table.Column<string>(type: "TEXT", nullable: false),
                    ActualValue = table.Column<double>(type: "REAL", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_feedback", x => x.PredictionId);
                    table.ForeignKey(
                        name: "FK_monitoring_feedback_monitoring_predictions_PredictionId",
                        column: x => x.PredictionId,
                        principalTable: "monitoring_predictions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_alerts_AcknowledgedAt",
                table: "monitoring_alerts",
                column: "AcknowledgedAt");

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_alerts_Model_RaisedAt",
                table: "monitoring_alerts",
                columns: new[] { "Model", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_alerts_RaisedAt",
                table: "monitoring_alerts",
                column: "RaisedAt");

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_failures_At",
                table: "monitoring_failures",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_failures_Model_At",
                table: "monitoring_failures",
                columns: new[] { "Model", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_feedback_Model_PredictionAt",
                table: "monitoring_feedback",
                columns: new[] { "Model", "PredictionAt" });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_predictions_At",
                table: "monitoring_predictions",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_predictions_Model_At",
                table: "monitoring_predictions",
                columns: new[] { "Model", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_predictions_Model_RequestId",
                table: "monitoring_predictions",
                columns: new[] { "Model", "RequestId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "monitoring_alerts");

            migrationBuilder.DropTable(
                name: "monitoring_failures");

            migrationBuilder.DropTable(
                name: "monitoring_feedback");

            migrationBuilder.DropTable(
                name: "monitoring_predictions");
        }
    }
}
