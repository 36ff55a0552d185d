using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MlOps.Modules.Experiments.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "experiments_experiments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    TagsJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_experiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "experiments_keys",
                columns: table => new
                {
                    ExperimentId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_keys", x => new { x.ExperimentId, x.Kind, x.Key });
                    table.ForeignKey(
                        name: "FK_experiments_keys_experiments_experiments_ExperimentId",
                        column: x => x.ExperimentId,
                        principalTable: "experiments_experiments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experiments_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ExperimentId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartTime = table.Column<long>(type: "bigint", nullable: false),
                    EndTime = table.Column<long>(type: "bigint", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_experiments_runs_experiments_experiments_ExperimentId",
                        column: x => x.ExperimentId,
                        principalTable: "experiments_experiments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experiments_artifacts",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Path = table.Column<string>(type: "text", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_artifacts", x => new { x.RunId, x.Path });
                    table.ForeignKey(
                        name: "FK_experiments_artifacts_experiments_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "experiments_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experiments_latest_metrics",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Step = table.Column<long>(type: "bigint", nullable: false),
                    Timestamp = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_latest_metrics", x => new { x.RunId, x.Key });
                    table.ForeignKey(
                        name: "FK_experiments_latest_metrics_experiments_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "experiments_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experiments_metric_chunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Points = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_metric_chunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_experiments_metric_chunks_experiments_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "experiments_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experiments_params",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_params", x => new { x.RunId, x.Key });
                    table.ForeignKey(
                        name: "FK_experiments_params_experiments_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "experiments_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experiments_tags",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments_tags", x => new { x.RunId, x.Key });
                    table.ForeignKey(
                        name: "FK_experiments_tags_experiments_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "experiments_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_experiments_experiments_Name",
                table: "experiments_experiments",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_experiments_latest_metrics_Key_Value_RunId",
                table: "experiments_latest_metrics",
                columns: new[] { "Key", "Value", "RunId" });

            migrationBuilder.CreateIndex(
                name: "IX_experiments_metric_chunks_RunId_Key",
                table: "experiments_metric_chunks",
                columns: new[] { "RunId", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_experiments_params_Key_Value_RunId",
                table: "experiments_params",
                columns: new[] { "Key", "Value", "RunId" });

            migrationBuilder.CreateIndex(
                name: "IX_experiments_runs_ExperimentId_Name",
                table: "experiments_runs",
                columns: new[] { "ExperimentId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_experiments_runs_ExperimentId_StartTime",
                table: "experiments_runs",
                columns: new[] { "ExperimentId", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_experiments_runs_ExperimentId_Status",
                table: "experiments_runs",
                columns: new[] { "ExperimentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_experiments_tags_Key_Value_RunId",
                table: "experiments_tags",
                columns: new[] { "Key", "Value", "RunId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "experiments_artifacts");

            migrationBuilder.DropTable(
                name: "experiments_keys");

            migrationBuilder.DropTable(
                name: "experiments_latest_metrics");

            migrationBuilder.DropTable(
                name: "experiments_metric_chunks");

            migrationBuilder.DropTable(
                name: "experiments_params");

            migrationBuilder.DropTable(
                name: "experiments_tags");

            migrationBuilder.DropTable(
                name: "experiments_runs");

            migrationBuilder.DropTable(
                name: "experiments_experiments");
        }
    }
}
