using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MlOps.Modules.Pipeline.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pipeline_datasets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pipeline_datasets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_pipelines",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DefinitionJson = table.Column<string>(type: "text", nullable: false),
                    Dataset = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Task = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    ScheduleCron = table.Column<string>(type: "text", nullable: true),
                    ScheduleEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pipeline_pipelines", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PipelineName = table.Column<string>(type: "text", nullable: false),
                    DefinitionJson = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Progress = table.Column<double>(type: "double precision", nullable: false),
                    Dataset = table.Column<string>(type: "text", nullable: false),
                    DatasetVersion = table.Column<int>(type: "integer", nullable: true),
                    DatasetContentHash = table.Column<string>(type: "text", nullable: true),
                    TrialsJson = table.Column<string>(type: "text", nullable: false),
                    PlannedTrials = table.Column<int>(type: "integer", nullable: false),
                    BestRunId = table.Column<string>(type: "text", nullable: true),
                    OptimizeMetric = table.Column<string>(type: "text", nullable: true),
                    BestMetric = table.Column<double>(type: "double precision", nullable: true),
                    ModelName = table.Column<string>(type: "text", nullable: true),
                    ModelVersion = table.Column<int>(type: "integer", nullable: true),
                    PromotionRequestId = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    Trigger = table.Column<string>(type: "text", nullable: false),
                    RequestedBy = table.Column<string>(type: "text", nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pipeline_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_dataset_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DatasetId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ArtifactPath = table.Column<string>(type: "text", nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    RowCount = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ColumnsJson = table.Column<string>(type: "text", nullable: false),
                    ClassesJson = table.Column<string>(type: "text", nullable: true),
                    StatisticsJson = table.Column<string>(type: "text", nullable: false),
                    PreviewJson = table.Column<string>(type: "text", nullable: false),
                    ImageSamplesJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pipeline_dataset_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pipeline_dataset_versions_pipeline_datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "pipeline_datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_dataset_versions_DatasetId_ContentHash",
                table: "pipeline_dataset_versions",
                columns: new[] { "DatasetId", "ContentHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_dataset_versions_DatasetId_Version",
                table: "pipeline_dataset_versions",
                columns: new[] { "DatasetId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_datasets_Name",
                table: "pipeline_datasets",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_runs_PipelineName_QueuedAt",
                table: "pipeline_runs",
                columns: new[] { "PipelineName", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_runs_Status",
                table: "pipeline_runs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_pipeline_runs_active_pipeline",
                table: "pipeline_runs",
                column: "PipelineName",
                unique: true,
                filter: "\"Status\" IN ('Queued', 'Running')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pipeline_dataset_versions");

            migrationBuilder.DropTable(
                name: "pipeline_pipelines");

            migrationBuilder.DropTable(
                name: "pipeline_runs");

            migrationBuilder.DropTable(
                name: "pipeline_datasets");
        }
    }
}
