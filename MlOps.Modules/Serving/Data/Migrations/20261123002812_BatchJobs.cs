using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Serving.Data.Migrations
{
    /// <inheritdoc />
    internal sealed partial class BatchJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "serving_batch_definitions",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DefinitionJson = table.Column<string>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serving_batch_definitions", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "serving_batch_jobs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Alias = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceDataset = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SourceDatasetVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    SourceUpload = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    SourceDescription = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    OutputName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OutputPath = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    OutputBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    OutputSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalRows = table.Column<long>(type: "INTEGER", nullable: true),
                    Progress = table.Column<double>(type: "REAL", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Definition = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serving_batch_jobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_serving_batch_jobs_CreatedAt",
                table: "serving_batch_jobs",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_serving_batch_jobs_Definition_CreatedAt",
                table: "serving_batch_jobs",
                columns: new[] { "Definition", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_serving_batch_jobs_Status",
                table: "serving_batch_jobs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "serving_batch_definitions");

            migrationBuilder.DropTable(
                name: "serving_batch_jobs");
        }
    }
}
