using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MlOps.Modules.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal sealed partial class ApiKeyOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OwnerId",
                table: "platform_api_keys",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_platform_api_keys_OwnerId",
                table: "platform_api_keys",
                column: "OwnerId");

            // Keys a signed-in user created are that user's; keys created by other keys stay service keys.
            migrationBuilder.Sql(
                "UPDATE platform_api_keys SET \"OwnerId\" = (SELECT u.\"Id\" FROM platform_users u WHERE u.\"NormalizedEmail\" = UPPER(platform_api_keys.\"CreatedBy\")) WHERE \"OwnerId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_platform_api_keys_OwnerId",
                table: "platform_api_keys");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "platform_api_keys");
        }
    }
}
