using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Registry.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class OnnxModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Format",
                table: "registry_model_versions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "MlNet");

            migrationBuilder.AddColumn<bool>(
                name: "OnnxExportAvailable",
                table: "registry_model_versions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OnnxExportProblem",
                table: "registry_model_versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OnnxExportSha256",
                table: "registry_model_versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OnnxSchemaJson",
                table: "registry_model_versions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Format",
                table: "registry_model_versions");

            migrationBuilder.DropColumn(
                name: "OnnxExportAvailable",
                table: "registry_model_versions");

            migrationBuilder.DropColumn(
                name: "OnnxExportProblem",
                table: "registry_model_versions");

            migrationBuilder.DropColumn(
                name: "OnnxExportSha256",
                table: "registry_model_versions");

            migrationBuilder.DropColumn(
                name: "OnnxSchemaJson",
                table: "registry_model_versions");
        }
    }
}
