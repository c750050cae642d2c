using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EventQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_queue",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    object_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_queue", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_queue_object_id",
                table: "event_queue",
                column: "object_id");

            // Every event is queued in its own transaction, whoever writes it; the ones not fanned out yet move over.
            migrationBuilder.Sql("""
                CREATE FUNCTION events_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO event_queue (sequence, event_id, object_id, created_at)
                    VALUES (NEW.sequence, NEW.id, NEW.object_id, NEW.created_at);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER events_enqueue AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_enqueue();
                INSERT INTO event_queue (sequence, event_id, object_id, created_at)
                    SELECT sequence, id, object_id, created_at FROM events WHERE fanned_out_at IS NULL;
                """);

            migrationBuilder.DropIndex(
                name: "ix_events_not_fanned_out",
                table: "events");

            migrationBuilder.DropColumn(
                name: "fanned_out_at",
                table: "events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fanned_out_at",
                table: "events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.Sql("""
                DROP TRIGGER events_enqueue ON events;
                DROP FUNCTION events_enqueue();
                UPDATE events SET fanned_out_at = created_at WHERE id NOT IN (SELECT event_id FROM event_queue);
                """);

            migrationBuilder.DropTable(
                name: "event_queue");

            migrationBuilder.CreateIndex(
                name: "ix_events_not_fanned_out",
                table: "events",
                column: "sequence",
                filter: "fanned_out_at IS NULL");
        }
    }
}
