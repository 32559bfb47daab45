"""Indexes of the knowledge sheets: by course, community and publication (the search's community filter
finds the communities that published in the index alone, instead of checking every community of the
course), and by course and last change (staff's « Sheets that concern me » reads its page, instead of
sorting every sheet of the course)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes (course_key, community, published_at) and (course_key, updated_at) of the knowledge sheets."""

    dependencies = [
        ("cap_xblock", "0017_knowledge_readers_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="knowledgesheet",
            index=models.Index(fields=["course_key", "community", "published_at"], name="cap_sheet_course_community"),
        ),
        migrations.AddIndex(
            model_name="knowledgesheet",
            index=models.Index(fields=["course_key", "updated_at"], name="cap_sheet_course_updated"),
        ),
    ]
