"""An index of the sheets by course, community and publication: the search's community filter reads one
entry per community that published, instead of every sheet of the course."""

from django.db import migrations, models


class Migration(migrations.Migration):
    """Index (course_key, community, published_at) of the knowledge sheets."""

    dependencies = [
        ("cap_xblock", "0017_knowledge_readers_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="knowledgesheet",
            index=models.Index(fields=["course_key", "community", "published_at"], name="cap_sheet_course_community"),
        ),
    ]
