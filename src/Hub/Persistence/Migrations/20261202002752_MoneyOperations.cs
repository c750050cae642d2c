using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MoneyOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "splits",
                table: "refunds",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "attempts",
                table: "payments",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "method_options",
                table: "payments",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "notes",
                table: "payments",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "splits",
                table: "payments",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "three_d_secure",
                table: "payments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "transaction_reference",
                table: "payments",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "chargebacks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    merchant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    livemode = table.Column<bool>(type: "boolean", nullable: false),
                    payment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    provider_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    provider_status = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reason_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    evidence = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    respond_by = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chargebacks", x => x.id);
                    table.ForeignKey(
                        name: "fk_chargebacks_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payments_merchant_id_livemode_transaction_reference",
                table: "payments",
                columns: new[] { "merchant_id", "livemode", "transaction_reference" },
                unique: true,
                filter: "transaction_reference IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_chargebacks_merchant_id_created_at",
                table: "chargebacks",
                columns: new[] { "merchant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chargebacks_payment_id_provider_reference",
                table: "chargebacks",
                columns: new[] { "payment_id", "provider_reference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chargebacks");

            migrationBuilder.DropIndex(
                name: "ix_payments_merchant_id_livemode_transaction_reference",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "splits",
                table: "refunds");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "method_options",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "notes",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "splits",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "three_d_secure",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "transaction_reference",
                table: "payments");
        }
    }
}
