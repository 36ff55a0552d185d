using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Serving.Data.Migrations
{
    /// <inheritdoc />
    internal partial class ActiveJobPerDefinition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
            migrationBuilder.DropIndex(
                name: "IX_serving_batch_jobs_active_definition",
                table: "serving_batch_jobs");
        }
    }
}
