using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Pipeline.Data.Migrations
{
    /// <inheritdoc />
    internal partial class ActiveRunPerPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
            migrationBuilder.DropIndex(
                name: "IX_pipeline_runs_active_pipeline",
                table: "pipeline_runs");
        }
    }
}
