"""utf8mb4 throughout: what people type (French accents, emoji) survives a round trip in every model.

The rows are built generically from the models of the ``cap_xblock`` app, so a
capability's new model is covered without a line here. On MariaDB (``make test``
runs this module there) a 3-byte ``utf8`` column would fail on the emoji.
"""

import datetime
import itertools

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

# French accents, typographic quotes, ligatures, a non-breaking space and 4-byte emoji.
SAMPLE = "Élodie Ouédraogo — « parties prenantes » : çàéèêëîïôœùûüÿ Æ\u00a0😀🌍🤝👩🏾‍🌾 "
_counter = itertools.count(1)


def _text(max_length=None):
    """A distinct text made of SAMPLE, exactly ``max_length`` characters long when one is given."""
    text = f"{next(_counter)} {SAMPLE}"
    if max_length is None:
        return text * 20
    # Cut on a whole code point; emoji sequences may be cut, which is still valid text.
    return (text * (max_length // len(text) + 1))[:max_length]


def _value(field, parents):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target is field.model:
            return None if field.null else pytest.fail(f"{field} points to its own model and is required")
        return parents.get(target) or _make(target, parents)
    if isinstance(field, models.JSONField):
        return [_text(), {"réponse": _text()}]
    if isinstance(field, models.TextField):
        return _text()
    if isinstance(field, models.CharField):
        return _text(field.max_length)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2026, 11, 25)
    if isinstance(field, (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField)):
        return 1
    return field.get_default()


def _make(model, parents):
    """A saved row of ``model`` with a value in every concrete field (related rows made as needed)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        values[field.name] = _value(field, parents)
    row = model.objects.create(**values)
    parents[model] = row
    return row


def _typed_fields(model):
    """The text fields of ``model`` a person can fill (CharField/TextField/JSONField without choices)."""
    return [
        field for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField)) and not field.choices
    ]


MODELS = sorted(apps.get_app_config("cap_xblock").get_models(), key=lambda model: model.__name__)
WITH_TEXT = [model for model in MODELS if _typed_fields(model)]


def test_every_model_is_covered():
    assert {model.__name__ for model in MODELS} >= {"Community", "Participant", "Membership"}
    assert sum(len(_typed_fields(model)) for model in MODELS) >= 5


@pytest.mark.django_db
@pytest.mark.parametrize("model", WITH_TEXT, ids=lambda model: model.__name__)
def test_text_survives_a_round_trip(model):
    fields = _typed_fields(model)
    row = _make(model, {})
    written = {field.attname: getattr(row, field.attname) for field in fields}
    stored = model.objects.filter(pk=row.pk).values(*written).get()
    for name, value in written.items():
        assert stored[name] == value, f"{model.__name__}.{name} changed in the database"
    # Searching by an accented, emoji-bearing value finds the row again.
    char_field = next((f for f in fields if isinstance(f, models.CharField)), None)
    if char_field is not None:
        assert model.objects.filter(**{char_field.attname: written[char_field.attname]}).count() == 1


@pytest.mark.django_db
def test_mariadb_tables_and_connection_are_utf8mb4():
    if connection.vendor != "mysql":
        pytest.skip("per-table character sets exist on MariaDB/MySQL only (make test runs this there)")
    tables = [model._meta.db_table for model in MODELS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT @@character_set_connection")
        assert cursor.fetchone()[0] == "utf8mb4"
        cursor.execute(
            "SELECT c.table_name, c.column_name, c.character_set_name FROM information_schema.columns c "
            "WHERE c.table_schema = DATABASE() AND c.character_set_name IS NOT NULL AND c.table_name IN %s",
            [tuple(tables)],
        )
        columns = cursor.fetchall()
    assert columns, "no text column found"
    assert [column for column in columns if column[2] != "utf8mb4"] == []
