"""The database itself refuses to change an audit event, and on PostgreSQL to delete one: the
ORM's refusal does not stop raw SQL, a data migration or another client.

SQLite refuses only UPDATE: Django empties a SQLite table with `DELETE FROM` (`flush`, and so
every `transaction=True` test), which a DELETE trigger would break. PostgreSQL empties with
TRUNCATE, which fires no row trigger. See docs/decisions/0004-audit-chain.md.
"""

from django.db import migrations

SQLITE_UPDATE = """
CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit events are never changed (audit_auditevent is append-only)');
END
"""

POSTGRESQL_FUNCTION = """
CREATE FUNCTION audit_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are never changed or deleted (audit_auditevent is append-only: % refused)', TG_OP;
END
$$
"""

POSTGRESQL_TRIGGER = """
CREATE TRIGGER audit_auditevent_no_{op} BEFORE {OP} ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()
"""


def _runner(schema_editor):
    # No parameters: PostgreSQL's editor would otherwise read the `%` of RAISE as one.
    return lambda sql: schema_editor.execute(sql, None)


def create(apps, schema_editor):
    run = _runner(schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        run(SQLITE_UPDATE)
    elif schema_editor.connection.vendor == "postgresql":
        run(POSTGRESQL_FUNCTION)
        for op in ("update", "delete"):
            run(POSTGRESQL_TRIGGER.format(op=op, OP=op.upper()))


def drop(apps, schema_editor):
    run = _runner(schema_editor)
    if schema_editor.connection.vendor == "sqlite":
        run("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
    elif schema_editor.connection.vendor == "postgresql":
        for op in ("update", "delete"):
            run(f"DROP TRIGGER IF EXISTS audit_auditevent_no_{op} ON audit_auditevent")
        run("DROP FUNCTION IF EXISTS audit_auditevent_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
