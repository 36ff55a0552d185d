using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Serving.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "serving_batch_definitions",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DefinitionJson = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Schedule = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_serving_batch_definitions", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "serving_batch_jobs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Alias = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    SourceDataset = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SourceDatasetVersion = table.Column<int>(type: "integer", nullable: true),
                    SourceUpload = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    SourceDescription = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    OutputName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OutputPath = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    OutputBytes = table.Column<long>(type: "bigint", nullable: true),
                    OutputSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    TotalRows = table.Column<long>(type: "bigint", nullable: true),
                    Progress = table.Column<double>(type: "double precision", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Definition = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RequestedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "IX_serving_batch_jobs_active_definition",
                table: "serving_batch_jobs",
                column: "Definition",
                unique: true,
                filter: "\"Definition\" IS NOT NULL AND \"Status\" IN ('Queued', 'Running')");
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
