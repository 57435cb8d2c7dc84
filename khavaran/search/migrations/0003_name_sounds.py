"""Index each person's name with the sound of its words (`search.query.SOUND`), so a name
typed in one spelling finds the others, in both scripts (Rezaie: Rezaei, رضایی).

The names' documents are rewritten from the text they were indexed from; the FTS triggers
(SQLite) and the generated column (PostgreSQL) follow. Going back removes the sounds.
"""

from django.db import migrations

from khavaran.search.query import sounds_of
from khavaran.text.arabic_script import normalize_for_search

BATCH = 500


def _bodies(apps, with_sounds: bool) -> None:
    documents = apps.get_model("search", "SearchDocument")
    rows = documents.objects.filter(kind="name", original_body__isnull=False).order_by("pk")
    for start in range(0, rows.count(), BATCH):
        batch = list(rows[start : start + BATCH])
        for doc in batch:
            body = normalize_for_search(doc.original_body)
            doc.body = f"{body} {sounds_of(doc.original_body)}".rstrip() if with_sounds else body
        documents.objects.bulk_update(batch, ["body"])


class Migration(migrations.Migration):
    dependencies = [("search", "0002_original_text")]

    operations = [
        migrations.RunPython(
            lambda apps, _editor: _bodies(apps, True), lambda apps, _editor: _bodies(apps, False)
        )
    ]
