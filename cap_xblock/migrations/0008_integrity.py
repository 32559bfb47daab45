"""Community names compared by one normalised key; case drafts carry a version.

The key is filled for existing communities. Nothing is merged: when two
communities of a course already share a key (« Cercle » and « cercle » made on
SQLite before), the oldest keeps the real key and each later one gets
``duplicate-<id>``, which no digest can equal, so both stay as they are and
staff can rename them (decision 0016).
"""

import hashlib
import unicodedata

from django.db import migrations, models


def _key(name):
    # A frozen copy of cap_xblock.models.community.name_key (migrations do not import app code).
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fill_name_keys(apps, schema_editor):
    Community = apps.get_model("cap_xblock", "Community")
    seen = set()
    for row in Community.objects.order_by("id").only("id", "course_key", "name"):
        key = _key(row.name)
        if (row.course_key, key) in seen:
            key = f"duplicate-{row.id}"
        seen.add((row.course_key, key))
        Community.objects.filter(id=row.id).update(name_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('cap_xblock', '0007_thread_order_index'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='community',
            name='cap_community_unique_name',
        ),
        migrations.AddField(
            model_name='community',
            name='name_key',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='community',
            constraint=models.UniqueConstraint(fields=('course_key', 'name_key'), name='cap_community_unique_name_key'),
        ),
        migrations.AddField(
            model_name='case',
            name='version',
            field=models.PositiveIntegerField(default=1),
        ),
    ]
