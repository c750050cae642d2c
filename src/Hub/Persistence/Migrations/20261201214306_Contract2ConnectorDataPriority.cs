using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Contract2ConnectorDataPriority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_processed_callback_events",
                table: "processed_callback_events");

            migrationBuilder.AddColumn<Guid>(
                name: "connector_account_id",
                table: "processed_callback_events",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "connector_data",
                table: "payments",
                type: "character varying(4096)",
                maxLength: 4096,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "priority",
                table: "connector_accounts",
                type: "integer",
                nullable: false,
                defaultValue: 100); // API.md's default for accounts that name none

            migrationBuilder.AddPrimaryKey(
                name: "pk_processed_callback_events",
                table: "processed_callback_events",
                columns: new[] { "connector_account_id", "provider_event_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_processed_callback_events",
                table: "processed_callback_events");

            migrationBuilder.DropColumn(
                name: "connector_account_id",
                table: "processed_callback_events");

            migrationBuilder.DropColumn(
                name: "connector_data",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "priority",
                table: "connector_accounts");

            migrationBuilder.AddPrimaryKey(
                name: "pk_processed_callback_events",
                table: "processed_callback_events",
                columns: new[] { "connector", "provider_event_id" });
        }
    }
}
