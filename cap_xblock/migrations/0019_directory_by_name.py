"""The network's directory in the order of names, page by page: each entry keeps a copy of its person's display
name (``Participant``), indexed with the course and ``listed``, so that a page reads its own rows instead of
sorting every listed person of the course. The copies of the existing entries are filled in here."""

from django.db import migrations, models


def copy_names(apps, schema_editor):  # pylint: disable=unused-argument
    """Each entry's ``name`` from its person's display name in the course."""
    DirectoryEntry = apps.get_model("cap_xblock", "DirectoryEntry")  # pylint: disable=invalid-name
    Participant = apps.get_model("cap_xblock", "Participant")  # pylint: disable=invalid-name
    for entry in DirectoryEntry.objects.all().only("id", "course_key", "user_id").iterator():
        name = (Participant.objects.filter(course_key=entry.course_key, user_id=entry.user_id)
                .values_list("display_name", flat=True).first())
        if name:
            DirectoryEntry.objects.filter(id=entry.id).update(name=name)


class Migration(migrations.Migration):
    """``DirectoryEntry.name``, filled in, and the index (course_key, listed, name, user_id)."""

    dependencies = [
        ("cap_xblock", "0018_knowledge_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="directoryentry",
            name="name",
            field=models.CharField(blank=True, default="", max_length=150),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="directoryentry",
            index=models.Index(fields=["course_key", "listed", "name", "user_id"], name="cap_directory_by_name"),
        ),
        migrations.RemoveIndex(
            model_name="directoryentry",
            name="cap_directory_listed",
        ),
    ]
