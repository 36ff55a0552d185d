using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MlOps.Modules.Monitoring.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monitoring_alerts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_failures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: true),
                    Alias = table.Column<string>(type: "text", nullable: true),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    LatencyMs = table.Column<double>(type: "double precision", nullable: false),
                    Caller = table.Column<string>(type: "text", nullable: false),
                    RequestId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_failures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_predictions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Alias = table.Column<string>(type: "text", nullable: true),
                    RequestId = table.Column<string>(type: "text", nullable: false),
                    RecordIndex = table.Column<int>(type: "integer", nullable: false),
                    Caller = table.Column<string>(type: "text", nullable: false),
                    Inputs = table.Column<string>(type: "text", nullable: false),
                    Label = table.Column<string>(type: "text", nullable: true),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Probabilities = table.Column<string>(type: "text", nullable: true),
                    LatencyMs = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_predictions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_traffic_seconds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Model = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Second = table.Column<long>(type: "bigint", nullable: false),
                    Answered = table.Column<long>(type: "bigint", nullable: false),
                    Records = table.Column<long>(type: "bigint", nullable: false),
                    ValueSum = table.Column<double>(type: "double precision", nullable: false),
                    Values = table.Column<long>(type: "bigint", nullable: false),
                    LatencyMin = table.Column<double>(type: "double precision", nullable: false),
                    LatencyMax = table.Column<double>(type: "double precision", nullable: false),
                    Labels = table.Column<string>(type: "text", nullable: false),
                    Latency = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_traffic_seconds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_feedback",
                columns: table => new
                {
                    PredictionId = table.Column<long>(type: "bigint", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    PredictionAt = table.Column<long>(type: "bigint", nullable: false),
                    Actual = table.Column<string>(type: "text", nullable: false),
                    ActualValue = table.Column<double>(type: "double precision", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "text", nullable: false)
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
                name: "monitoring_alerts");

            migrationBuilder.DropTable(
                name: "monitoring_failures");

            migrationBuilder.DropTable(
                name: "monitoring_feedback");

            migrationBuilder.DropTable(
                name: "monitoring_traffic_seconds");

            migrationBuilder.DropTable(
                name: "monitoring_predictions");
        }
    }
}
