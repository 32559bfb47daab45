"""Exports of shared knowledge for the organisation: a printable page, Markdown, CSV and JSON (course staff).

Only sheets published for the organisation (level ``export``) with every
consent that level needs are exported, as readers see them (anonymised). A
withdrawn sheet is in no export made after its withdrawal. CSV cells are
neutralised against formula injection as the roster's are.
"""

import csv
import io
import json

from .. import permissions
from ..i18n import gettext as _
from ..models import KnowledgeSheet, SheetQuote, SheetTheme
from ..models.knowledge import EXPORT
from . import knowledge, knowledge_text
from .knowledge_data import ExportedSheet
from .roster import _safe_cell as safe_cell

MAX_EXPORTED = 5000
CSV_COLUMNS = ("id", "title", "summary", "themes", "community", "published_at", "useful", "body")


def exported_sheets(actor):
    """``ExportedSheet``s of the course for the organisation, newest first, in four queries. Staff only.
    Raises NotAllowed ``staff_only``."""
    permissions.require_manage_communities(actor)
    rows = list(KnowledgeSheet.objects.filter(course_key=actor.course_key).filter(knowledge.live(EXPORT))
                .select_related("community").annotate(useful=knowledge.useful_count())
                .order_by("-published_at", "-id")[:MAX_EXPORTED])
    ids = [row.id for row in rows]
    themes, quotes = {}, {}
    for sheet_id, name in SheetTheme.objects.filter(sheet_id__in=ids).values_list("sheet_id", "name"):
        themes.setdefault(sheet_id, []).append(name)
    for quote in SheetQuote.objects.filter(sheet_id__in=ids).order_by("id"):
        quotes.setdefault(quote.sheet_id, []).append(quote)
    exported = []
    for row in rows:
        replacements = knowledge._replacements(quotes.get(row.id, []))  # pylint: disable=protected-access
        body = knowledge_text.anonymise(row.body, replacements)
        exported.append(ExportedSheet(
            id=row.id, title=knowledge_text.anonymise(row.title, replacements),
            summary=knowledge_text.anonymise(row.summary, replacements), themes=sorted(themes.get(row.id, [])),
            community_name=row.community.name,
            published_at=row.published_at.isoformat() if row.published_at else None,
            useful=row.useful, body_markdown=body, body_html=knowledge_text.readers_html(row.body, replacements)))
    return exported


def export_markdown(actor):
    """``(filename, text)``: the exported sheets as one Markdown document. Raises NotAllowed."""
    lines = [f"# {_('Shared knowledge')}", "", actor.course_key, ""]
    for sheet in exported_sheets(actor):
        lines += [f"## {sheet.title}", ""]
        if sheet.summary:
            lines += [f"*{sheet.summary}*", ""]
        if sheet.themes:
            # Translators: {themes} is a comma-separated list of themes of a knowledge sheet.
            lines += [_("Themes: {themes}").format(themes=", ".join(sheet.themes)), ""]
        lines += [sheet.body_markdown, ""]
    return "shared-knowledge.md", "\n".join(lines)


def export_csv(actor):
    """``(filename, text)``: one line per exported sheet, every cell safe from formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for sheet in exported_sheets(actor):
        writer.writerow([sheet.id] + [safe_cell(str(value)) for value in (
            sheet.title, sheet.summary, ", ".join(sheet.themes), sheet.community_name, sheet.published_at or "",
            sheet.useful, sheet.body_markdown)])
    return "shared-knowledge.csv", out.getvalue()


def export_json(actor):
    """``(filename, text)``: the exported sheets as a JSON list."""
    data = [{"id": s.id, "title": s.title, "summary": s.summary, "themes": s.themes, "community": s.community_name,
             "published_at": s.published_at, "useful": s.useful, "body": s.body_markdown}
            for s in exported_sheets(actor)]
    return "shared-knowledge.json", json.dumps(data, ensure_ascii=False, indent=2)
