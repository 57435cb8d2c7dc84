"""Keep each searchable thing's title and text as written, for display.

Nullable columns, so SQLite adds them in place: remaking the table would drop the triggers that
keep the FTS index in step. Sources, excerpts and names are filled from their records; a claim's
indexed text is composed from several fields at indexing time, so it keeps its title only and
shows the folded snippet until it is next saved.
"""

from django.db import migrations, models

BATCH = 500


def _fill(apps, schema_editor):
    documents = apps.get_model("search", "SearchDocument")
    sources = apps.get_model("evidence", "Source")
    excerpts = apps.get_model("evidence", "Excerpt")
    names = apps.get_model("records", "Name")
    claims = apps.get_model("records", "Claim")
    originals = {
        "source": lambda ids: {
            s.pk: (s.title, s.text) for s in sources.objects.filter(pk__in=ids)
        },
        "excerpt": lambda ids: {
            e.pk: (e.source.title, e.quoted_text)
            for e in excerpts.objects.filter(pk__in=ids).select_related("source")
        },
        "name": lambda ids: {n.pk: (n.text, n.text) for n in names.objects.filter(pk__in=ids)},
        "claim": lambda ids: {c.pk: (c.question, None) for c in claims.objects.filter(pk__in=ids)},
    }
    for kind, read in originals.items():
        rows = documents.objects.filter(kind=kind).order_by("pk")
        for start in range(0, rows.count(), BATCH):
            batch = list(rows[start : start + BATCH])
            found = read([d.ref_id for d in batch])
            for doc in batch:
                doc.original_title, doc.original_body = found.get(doc.ref_id, (None, None))
            documents.objects.bulk_update(batch, ["original_title", "original_body"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("evidence", "0001_initial"),
        ("records", "0002_alter_organization_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="original_body",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="original_title",
            field=models.TextField(null=True),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
