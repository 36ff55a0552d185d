using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Pipeline.Data.Migrations
{
    /// <inheritdoc />
    internal sealed partial class Pipelines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pipeline_pipelines",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    Dataset = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Task = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    ScheduleCron = table.Column<string>(type: "TEXT", nullable: true),
                    ScheduleEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pipeline_pipelines", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PipelineName = table.Column<string>(type: "TEXT", nullable: false),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Progress = table.Column<double>(type: "REAL", nullable: false),
                    Dataset = table.Column<string>(type: "TEXT", nullable: false),
                    DatasetVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    DatasetContentHash = table.Column<string>(type: "TEXT", nullable: true),
                    TrialsJson = table.Column<string>(type: "TEXT", nullable: false),
                    PlannedTrials = table.Column<int>(type: "INTEGER", nullable: false),
                    BestRunId = table.Column<string>(type: "TEXT", nullable: true),
                    OptimizeMetric = table.Column<string>(type: "TEXT", nullable: true),
                    BestMetric = table.Column<double>(type: "REAL", nullable: true),
                    ModelName = table.Column<string>(type: "TEXT", nullable: true),
                    ModelVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    PromotionRequestId = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    Trigger = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pipeline_runs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_runs_PipelineName_QueuedAt",
                table: "pipeline_runs",
                columns: new[] { "PipelineName", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_runs_Status",
                table: "pipeline_runs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pipeline_pipelines");

            migrationBuilder.DropTable(
                name: "pipeline_runs");
        }
    }
}
