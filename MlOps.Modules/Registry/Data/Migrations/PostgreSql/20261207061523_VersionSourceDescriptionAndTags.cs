using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Registry.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class VersionSourceDescriptionAndTags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "registry_model_versions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FlavorsJson",
                table: "registry_model_versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourcePath",
                table: "registry_model_versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TagsJson",
                table: "registry_model_versions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Description",
                table: "registry_model_versions");

            migrationBuilder.DropColumn(
                name: "FlavorsJson",
                table: "registry_model_versions");

            migrationBuilder.DropColumn(
                name: "SourcePath",
                table: "registry_model_versions");

            migrationBuilder.DropColumn(
                name: "TagsJson",
                table: "registry_model_versions");
        }
    }
}
