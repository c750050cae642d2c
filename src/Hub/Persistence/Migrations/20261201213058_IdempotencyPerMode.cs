using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyPerMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payments_merchant_id_idempotency_key",
                table: "payments");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.AddColumn<bool>(
                name: "livemode",
                table: "idempotency_records",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // A kept key of a live payment belongs to the live namespace.
            migrationBuilder.Sql("""
                UPDATE idempotency_records r SET livemode = true
                FROM payments p
                WHERE p.merchant_id = r.merchant_id AND p.idempotency_key = r.key AND p.livemode
                """);

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "merchant_id", "livemode", "key" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_merchant_id_livemode_idempotency_key",
                table: "payments",
                columns: new[] { "merchant_id", "livemode", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payments_merchant_id_livemode_idempotency_key",
                table: "payments");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "livemode",
                table: "idempotency_records");

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "merchant_id", "key" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_merchant_id_idempotency_key",
                table: "payments",
                columns: new[] { "merchant_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }
    }
}
