from django.db import migrations, models

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_doc_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
    """CREATE TRIGGER search_doc_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body); END""",
    """CREATE TRIGGER search_doc_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END""",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER search_doc_au",
    "DROP TRIGGER search_doc_ad",
    "DROP TRIGGER search_doc_ai",
    "DROP TABLE search_fts",
]
POSTGRES_FTS = [
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', body), 'B')) STORED""",
    "CREATE INDEX search_doc_tsv ON search_searchdocument USING GIN (tsv)",
]
POSTGRES_FTS_DROP = ["ALTER TABLE search_searchdocument DROP COLUMN tsv"]


def _run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("source", "Source"), ("excerpt", "Excerpt"), ("name", "Name"), ("claim", "Claim")], max_length=16)),
                ("ref_id", models.BigIntegerField()),
                ("source_id", models.BigIntegerField(null=True)),
                ("source_kind", models.CharField(blank=True, max_length=32)),
                ("language", models.CharField(blank=True, max_length=8)),
                ("confidentiality", models.CharField(choices=[("public", "Public"), ("restricted", "Restricted"), ("confidential", "Confidential")], max_length=16)),
                ("title", models.TextField(blank=True)),
                ("body", models.TextField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "ref_id"), name="one_doc_per_ref")],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}),
            _run({"sqlite": SQLITE_FTS_DROP, "postgresql": POSTGRES_FTS_DROP}),
        ),
    ]
