"""The readers' text of a sheet (anonymised people replaced by their label), stored so that search looks only
at what readers see; the full-text index moves to it (MySQL / MariaDB only, as in 0015_knowledge)."""

from django.db import migrations, models

OLD_INDEX = "cap_sheet_fulltext"
READERS_INDEX = "cap_sheet_readers_fulltext"


def _table(apps, schema_editor):
    return schema_editor.quote_name(apps.get_model("cap_xblock", "KnowledgeSheet")._meta.db_table)


def backfill(apps, schema_editor):  # pylint: disable=unused-argument
    """The readers' text of the existing sheets, from their text and their anonymised people."""
    from cap_xblock.api.knowledge_text import anonymise, label_for  # pylint: disable=import-outside-toplevel
    sheet_model = apps.get_model("cap_xblock", "KnowledgeSheet")
    quote_model = apps.get_model("cap_xblock", "SheetQuote")
    for sheet in sheet_model.objects.all().iterator():
        anonymised = quote_model.objects.filter(sheet_id=sheet.id, anonymised=True).order_by("id")
        replacements = [(quote.name, label_for(position)) for position, quote in enumerate(anonymised) if quote.name]
        sheet_model.objects.filter(id=sheet.id).update(
            readers_title=anonymise(sheet.title, replacements), readers_summary=anonymise(sheet.summary, replacements),
            readers_body=anonymise(sheet.body, replacements))


def move_index(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql":
        table = _table(apps, schema_editor)
        schema_editor.execute(f"ALTER TABLE {table} DROP INDEX {OLD_INDEX}")
        schema_editor.execute(f"ALTER TABLE {table} ADD FULLTEXT INDEX {READERS_INDEX} "
                              "(readers_title, readers_summary, readers_body)")


def move_index_back(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql":
        table = _table(apps, schema_editor)
        schema_editor.execute(f"ALTER TABLE {table} DROP INDEX {READERS_INDEX}")
        schema_editor.execute(f"ALTER TABLE {table} ADD FULLTEXT INDEX {OLD_INDEX} (title, summary, body)")


class Migration(migrations.Migration):
    """Readers' text columns, backfilled, with the full-text index."""

    dependencies = [
        ("cap_xblock", "0016_notifications"),
    ]

    operations = [
        migrations.AddField(model_name="knowledgesheet", name="readers_title",
                            field=models.CharField(blank=True, default="", max_length=200)),
        migrations.AddField(model_name="knowledgesheet", name="readers_summary",
                            field=models.TextField(blank=True, default="")),
        migrations.AddField(model_name="knowledgesheet", name="readers_body",
                            field=models.TextField(blank=True, default="")),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        # DDL: outside a transaction (MySQL and MariaDB cannot roll DDL back), as 0015_knowledge does.
        migrations.RunPython(move_index, move_index_back, atomic=False),
    ]
