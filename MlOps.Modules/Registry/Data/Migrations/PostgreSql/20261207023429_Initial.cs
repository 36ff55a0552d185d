using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MlOps.Modules.Registry.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "registry_models",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LatestVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_models", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "registry_model_aliases",
                columns: table => new
                {
                    ModelName = table.Column<string>(type: "character varying(100)", nullable: false),
                    Alias = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_model_aliases", x => new { x.ModelName, x.Alias });
                    table.ForeignKey(
                        name: "FK_registry_model_aliases_registry_models_ModelName",
                        column: x => x.ModelName,
                        principalTable: "registry_models",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registry_model_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ModelName = table.Column<string>(type: "character varying(100)", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    RunId = table.Column<string>(type: "text", nullable: true),
                    PipelineRunId = table.Column<string>(type: "text", nullable: true),
                    DatasetName = table.Column<string>(type: "text", nullable: true),
                    DatasetVersion = table.Column<int>(type: "integer", nullable: true),
                    DatasetContentHash = table.Column<string>(type: "text", nullable: true),
                    Task = table.Column<string>(type: "text", nullable: false),
                    InputSchemaJson = table.Column<string>(type: "text", nullable: false),
                    LabelsJson = table.Column<string>(type: "text", nullable: true),
                    MetricsJson = table.Column<string>(type: "text", nullable: false),
                    ArtifactPath = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_model_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_registry_model_versions_registry_models_ModelName",
                        column: x => x.ModelName,
                        principalTable: "registry_models",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "registry_promotions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ModelName = table.Column<string>(type: "character varying(100)", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Alias = table.Column<string>(type: "text", nullable: false),
                    PreviousVersion = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "text", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_promotions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_registry_promotions_registry_models_ModelName",
                        column: x => x.ModelName,
                        principalTable: "registry_models",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_registry_model_versions_ModelName_Version",
                table: "registry_model_versions",
                columns: new[] { "ModelName", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_registry_model_versions_RunId",
                table: "registry_model_versions",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_registry_models_UpdatedAt",
                table: "registry_models",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_registry_promotions_ModelName_RequestedAt",
                table: "registry_promotions",
                columns: new[] { "ModelName", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_registry_promotions_Status_ModelName",
                table: "registry_promotions",
                columns: new[] { "Status", "ModelName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "registry_model_aliases");

            migrationBuilder.DropTable(
                name: "registry_model_versions");

            migrationBuilder.DropTable(
                name: "registry_promotions");

            migrationBuilder.DropTable(
                name: "registry_models");
        }
    }
}
