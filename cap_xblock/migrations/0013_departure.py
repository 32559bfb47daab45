# A learner who unenrolled left their community; they rejoin it if they enrol again while it has room.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cap_xblock', '0012_cohort_mirror'),
    ]

    operations = [
        migrations.CreateModel(
            name='Departure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('user_id', models.CharField(max_length=64)),
                ('left_at', models.DateTimeField(auto_now_add=True)),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='departures',
                                                to='cap_xblock.community')),
            ],
            options={
                'indexes': [models.Index(fields=['user_id'], name='cap_departure_user')],
                'constraints': [models.UniqueConstraint(fields=('course_key', 'user_id'),
                                                        name='cap_departure_one_per_course')],
            },
        ),
    ]
