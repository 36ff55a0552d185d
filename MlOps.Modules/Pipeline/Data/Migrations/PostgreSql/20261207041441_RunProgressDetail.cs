using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Pipeline.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class RunProgressDetail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProgressDetail",
                table: "pipeline_runs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProgressDetail",
                table: "pipeline_runs");
        }
    }
}
