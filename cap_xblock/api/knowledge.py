"""Shared knowledge (« Savoirs partagés »): knowledge sheets that leave a community only with consent.

A sheet is drafted in a community (from a case at step 6, a brainstorm's
retained ideas, a session's minutes through ``register_source``, or from
scratch). It is read beyond the people it concerns only where the
facilitator published it (community, course, export for the organisation)
and only while every consent that level needs is given on its current
version: the owner's (the case owner, else its author) and that of every
person it quotes by name who is not anonymised. The facilitator reviews
what readers will see before publishing. Anyone whose consent is needed may
withdraw it at any time: every publication of the sheet is deleted, so it
leaves search, lists, exports at once.

The conditions are checked when publishing and again in every read
(``_live``), so no row left behind can show a sheet. Every write is one
transaction on the locked sheet row; lists read a constant number of queries.
"""

import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import permissions
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from ..models import (Brainstorm, Case, CaseContribution, Community, FacilitatorRole, Idea, KnowledgeSheet, Membership,
                      Participant, SheetConsent, SheetPublication, SheetQuote, SheetTheme, SheetUsefulMark)
from ..models.knowledge import COMMUNITY, COURSE, EXPORT, SHEET_TITLE_LENGTH, THEME_LENGTH
from . import access, case_steps, gate, knowledge_search, knowledge_text, markup, paging, people
from .knowledge_data import LevelState, QuotedPerson, SheetDetail, SheetItem, SheetReview, SheetSearch
from .validation import as_bool, as_choice, as_id, as_int, as_page, as_text

PAGE_SIZE = 10
SUMMARY_LENGTH = 1000
BODY_LENGTH = 20000
MAX_THEMES = 5
MAX_QUOTES = 20
READERS_COLUMNS = ("readers_title", "readers_summary", "readers_body")  # search looks only at what readers see
MAX_VERSION = 2**31 - 1
LEVELS = (COMMUNITY, COURSE, EXPORT)
LEVEL_NAMES = {
    COMMUNITY: gettext_lazy("The community"),
    COURSE: gettext_lazy("The whole course (every community)"),
    EXPORT: gettext_lazy("The organisation (export)"),
}
ORDERS = ("newest", "useful")
# The search's filters: their choices are read from a bounded number of rows, whatever the sheets' number.
MAX_COMMUNITY_CHOICES = 100
MAX_THEME_CHOICES = 20
THEME_SAMPLE = 200


# --- the rules of visibility, as query conditions ---------------------------------------------


def consents_complete(level):
    """Condition on KnowledgeSheet: the owner and every quoted, not anonymised person consented to ``level``
    on the sheet's current version."""
    owner = Exists(SheetConsent.objects.filter(sheet=OuterRef("pk"), user_id=OuterRef("owner_id"), level=level,
                                               version=OuterRef("version")))
    quote_consented = Exists(SheetConsent.objects.filter(
        sheet=OuterRef(OuterRef("pk")), user_id=OuterRef("user_id"), level=level,
        version=OuterRef(OuterRef("version"))))
    missing = Exists(SheetQuote.objects.filter(sheet=OuterRef("pk"), anonymised=False).exclude(quote_consented))
    return owner & ~missing & ~Q(owner_id="")


def live(level):
    """Condition on KnowledgeSheet: published at ``level``, not withdrawn, with every consent ``level`` needs."""
    published = Exists(SheetPublication.objects.filter(sheet=OuterRef("pk"), level=level))
    return published & consents_complete(level) & Q(withdrawn_at__isnull=True)


def _readable(actor, roles):
    """The sheets of the actor's course they may read as a reader."""
    condition = live(COURSE)
    if roles.is_staff:
        condition |= live(COMMUNITY)
    else:
        seen = ({roles.member_of} if roles.member_of else set()) | set(roles.leads)
        if seen:
            condition |= Q(community_id__in=seen) & live(COMMUNITY)
    return KnowledgeSheet.objects.filter(course_key=actor.course_key).filter(condition)


# --- loading one sheet -------------------------------------------------------------------------------


def _not_found():
    return NotFound(_("This knowledge sheet does not exist or is not shared with you."), code="sheet_not_found")


def _quotes(sheet):
    return list(SheetQuote.objects.filter(sheet=sheet).order_by("id"))


def _is_concerned(actor, roles, sheet, quotes):
    return (actor.user_id in (sheet.owner_id, sheet.author_id)
            or any(quote.user_id == actor.user_id and not quote.anonymised for quote in quotes)
            or permissions.can_facilitate(roles, sheet.community_id))


def _load(actor, sheet_id, lock=False):
    """(sheet, roles, quotes, concerned): a sheet the actor is concerned by or may read. Raises NotFound."""
    permissions.require_authenticated(actor)
    sheet_id = as_id(sheet_id, "sheet_id")
    roles = access.roles_of(actor)
    query = KnowledgeSheet.objects.select_for_update() if lock else KnowledgeSheet.objects
    sheet = query.filter(id=sheet_id, course_key=actor.course_key).first()
    if sheet is None:
        raise _not_found()
    quotes = _quotes(sheet)
    concerned = _is_concerned(actor, roles, sheet, quotes)
    if not concerned and not _readable(actor, roles).filter(id=sheet.id).exists():
        raise _not_found()
    return sheet, roles, quotes, concerned


def _is_editor(actor, roles, sheet):
    return (actor.user_id in (sheet.owner_id, sheet.author_id)
            or permissions.can_facilitate(roles, sheet.community_id))


def _require_writer_of(actor, roles, sheet):
    if not _is_editor(actor, roles, sheet):
        raise NotAllowed(_("Only the sheet's author, the case owner and the facilitator change this sheet."),
                         code="editors_only")


def _require_editor(actor, roles, sheet):
    """The author, the owner and the community's facilitators write a sheet, while it is not published."""
    _require_writer_of(actor, roles, sheet)
    gate.require_can_write(actor, community_id=sheet.community_id, roles=roles)
    if SheetPublication.objects.filter(sheet=sheet).exists():
        raise Conflict(_("This sheet is published: ask the facilitator to unpublish it before changing it."),
                       code="sheet_published")


def _require_facilitator(actor, roles, sheet):
    if not permissions.can_facilitate(roles, sheet.community_id):
        raise NotAllowed(_("Only the community's facilitator reviews and publishes sheets."),
                         code="facilitators_only")
    gate.require_can_write(actor, community_id=sheet.community_id, roles=roles)


# --- what the actor sees ---------------------------------------------------------------------


def _replacements(quotes):
    """[(name, label)] of the anonymised people, labelled in the order they were quoted."""
    anonymised = [quote for quote in quotes if quote.anonymised]
    return [(quote.name, knowledge_text.label_for(position)) for position, quote in enumerate(anonymised)
            if quote.name]


def _level_states(actor, roles, sheet, quotes, given_rows):
    consents, published, named = given_rows
    needed = ([sheet.owner_id] if sheet.owner_id else []) + [
        quote.user_id for quote in quotes if not quote.anonymised and quote.user_id]
    states = []
    for level in LEVELS:
        given = {user_id for user_id, lvl, version in consents if lvl == level and version == sheet.version}
        missing = [named[user_id].display_name for user_id in dict.fromkeys(needed) if user_id not in given]
        states.append(LevelState(
            level=level, name=str(LEVEL_NAMES[level]), consented_by_me=actor.user_id in given, missing=missing,
            published=level in published,
            can_publish=(permissions.can_facilitate(roles, sheet.community_id) and not missing
                         and bool(sheet.owner_id) and level not in published)))
    return states


def _detail(actor, roles, sheet, quotes, concerned):
    replacements = _replacements(quotes)
    consents = list(SheetConsent.objects.filter(sheet=sheet).values_list("user_id", "level", "version"))
    published = set(SheetPublication.objects.filter(sheet=sheet).values_list("level", flat=True))
    named = people.names(actor.course_key, {sheet.owner_id} - {""} | {q.user_id for q in quotes if q.user_id})
    marks = SheetUsefulMark.objects.filter(sheet=sheet)
    facilitates = permissions.can_facilitate(roles, sheet.community_id)
    is_owner = bool(sheet.owner_id) and sheet.owner_id == actor.user_id
    labels = dict(replacements)
    # The stored text keeps the real names: only those who may edit the sheet read it (and the JSON carries
    # it to them only); everyone else, quoted people included, reads the readers' text.
    raw = concerned and _is_editor(actor, roles, sheet)
    quoted = [QuotedPerson(id=q.id, display_name=labels.get(q.name, q.name) if q.anonymised else q.name,
                           anonymised=q.anonymised, is_me=bool(q.user_id) and q.user_id == actor.user_id)
              for q in quotes] if concerned else []
    return SheetDetail(
        id=sheet.id, community_id=sheet.community_id,
        community_name=Community.objects.filter(id=sheet.community_id).values_list("name", flat=True).first(),
        title=sheet.title if raw else "", summary=sheet.summary if raw else "",
        themes=list(SheetTheme.objects.filter(sheet=sheet).values_list("name", flat=True)),
        body=sheet.body if raw else "",
        readers_html=knowledge_text.readers_html(sheet.body, replacements),
        readers_title=knowledge_text.anonymise(sheet.title, replacements),
        readers_summary=knowledge_text.anonymise(sheet.summary, replacements),
        source_kind=sheet.source_kind, version=sheet.version, is_concerned=concerned, is_owner=is_owner,
        can_edit=concerned and _is_editor(actor, roles, sheet) and not published,
        can_review=facilitates,
        can_withdraw=concerned and any(user_id == actor.user_id for user_id, _lvl, _v in consents),
        withdrawn_at=sheet.withdrawn_at.isoformat() if sheet.withdrawn_at else None,
        published_at=sheet.published_at.isoformat() if sheet.published_at else None,
        levels=_level_states(actor, roles, sheet, quotes, (consents, published, named)) if concerned else [],
        quoted=quoted, useful=marks.count(), useful_by_me=marks.filter(user_id=actor.user_id).exists(),
        quotable=_quotable(actor, sheet, quotes) if concerned and not published else [],
        asks_my_consent=_needs_consent_of(sheet, quotes, actor.user_id),
        case_confidentiality=(Case.objects.filter(id=sheet.source_id).values_list("confidentiality", flat=True)
                              .first() or "") if concerned and sheet.source_kind == KnowledgeSheet.CASE else "",
    )


def _quotable(actor, sheet, quotes):
    """People of the sheet's community (members, facilitators) it may quote by name, by name."""
    taken = {quote.user_id for quote in quotes} | {sheet.owner_id}
    user_ids = set(Membership.objects.filter(community_id=sheet.community_id).values_list("user_id", flat=True))
    user_ids |= set(FacilitatorRole.objects.filter(community_id=sheet.community_id)
                    .values_list("user_id", flat=True))
    return people.sort_people(people.names(actor.course_key, user_ids - taken).values())


def _of_community(community_id, user_id):
    """Whether ``user_id`` is a member or a facilitator of ``community_id``: the people a sheet may quote."""
    return (Membership.objects.filter(community_id=community_id, user_id=user_id).exists()
            or FacilitatorRole.objects.filter(community_id=community_id, user_id=user_id).exists())


def _refresh_readers(sheet, quotes):
    """Store the readers' text of ``sheet`` (what search looks in), from its text and its anonymisations."""
    replacements = _replacements(quotes)
    for name in ("title", "summary", "body"):
        setattr(sheet, f"readers_{name}", knowledge_text.anonymise(getattr(sheet, name), replacements))
    KnowledgeSheet.objects.filter(id=sheet.id).update(
        readers_title=sheet.readers_title, readers_summary=sheet.readers_summary, readers_body=sheet.readers_body)


def refresh_readers_text(sheet):
    """Store the readers' text of a sheet written outside this module (the demo's data)."""
    _refresh_readers(sheet, _quotes(sheet))


def get_sheet(actor, *, sheet_id):
    """``SheetDetail`` of a sheet the actor is concerned by or may read. Raises NotFound, InvalidInput."""
    sheet, roles, quotes, concerned = _load(actor, sheet_id)
    return _detail(actor, roles, sheet, quotes, concerned)


def _items(actor, rows):
    """``SheetItem``s of ``rows`` (annotated with ``useful``), in four queries whatever their number."""
    ids = [row.id for row in rows]
    themes, quotes, levels = {}, {}, {}
    for sheet_id, name in SheetTheme.objects.filter(sheet_id__in=ids).values_list("sheet_id", "name"):
        themes.setdefault(sheet_id, []).append(name)
    for quote in SheetQuote.objects.filter(sheet_id__in=ids).order_by("id"):
        quotes.setdefault(quote.sheet_id, []).append(quote)
    for sheet_id, level in SheetPublication.objects.filter(sheet_id__in=ids).values_list("sheet_id", "level"):
        levels.setdefault(sheet_id, []).append(level)
    mine = set(SheetUsefulMark.objects.filter(sheet_id__in=ids, user_id=actor.user_id)
               .values_list("sheet_id", flat=True)) if ids else set()
    items = []
    for row in rows:
        replacements = _replacements(quotes.get(row.id, []))
        items.append(SheetItem(
            id=row.id, title=knowledge_text.anonymise(row.title, replacements),
            summary=knowledge_text.anonymise(row.summary, replacements), themes=sorted(themes.get(row.id, [])),
            community_name=row.community.name,
            published_at=row.published_at.isoformat() if row.published_at else None,
            useful=row.useful, useful_by_me=row.id in mine,
            levels=[level for level in LEVELS if level in levels.get(row.id, [])]))
    return items


def useful_count():
    """The number of « Utile » marks of a sheet, as a subquery: no GROUP BY over every matching sheet."""
    marks = (SheetUsefulMark.objects.filter(sheet=OuterRef("pk")).order_by().values("sheet")
             .annotate(count=Count("id")).values("count"))
    return Coalesce(Subquery(marks), 0)


def theme_key(name):
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return " ".join(text.casefold().split())[:THEME_LENGTH]


def _filter_choices(actor, readable):
    """``(communities, themes)`` the search's filters offer, read without going through every sheet.

    The communities are those with a sheet the actor reads, by name: the communities with a published
    sheet come from the index ``cap_sheet_course_community`` alone (no sheet row is read, no visibility
    checked), then each is asked for its first sheet the actor reads. The themes are the most used of the
    ``THEME_SAMPLE`` sheets the actor reads that were published last.
    """
    published = [community_id for community_id, last in KnowledgeSheet.objects.filter(course_key=actor.course_key)
                 .order_by().values("community_id").annotate(last=Max("published_at"))
                 .values_list("community_id", "last") if last is not None]
    choices = list(Community.objects.filter(id__in=published)
                   .filter(Exists(readable.filter(community_id=OuterRef("pk"))))
                   .order_by("name", "id").values_list("id", "name")[:MAX_COMMUNITY_CHOICES]) if published else []
    latest = list(readable.order_by("-published_at", "-id").values_list("id", flat=True)[:THEME_SAMPLE])
    themes = [row["name"] for row in SheetTheme.objects.filter(sheet_id__in=latest).values("key")
              .annotate(uses=Count("id"), name=Min("name")).order_by("-uses", "key")[:MAX_THEME_CHOICES]]
    return choices, themes


def search_sheets(actor, *, query="", theme="", community_id=None, order="newest", page=1,
                  with_filters=False):
    """``SheetSearch``: a page of the sheets the actor may read, newest or most useful first.

    ``query`` is searched in titles, summaries and bodies (the database's
    full-text index where it has one); ``theme`` and ``community_id`` narrow.
    ``with_filters`` adds the choices of the filters (the communities with a
    sheet the actor reads, the most used themes of the sheets published last),
    for the first render. Constant number of queries; newest first, a page
    reads its own rows only, and the total is counted up to ``paging.COUNT_LIMIT``.
    Raises NotAllowed (anonymous), InvalidInput.
    """
    permissions.require_authenticated(actor)
    roles = access.roles_of(actor)
    query = as_text(query, "query", 200, required=False)
    theme = as_text(theme, "theme", THEME_LENGTH, required=False)
    order = as_choice(order or "newest", "order", ORDERS)
    page = as_page(page)
    community_id = None if community_id in (None, "") else as_id(community_id, "community_id")
    readable = _readable(actor, roles)
    sheets = knowledge_search.matching(readable, query, READERS_COLUMNS)
    if theme:
        sheets = sheets.filter(Exists(SheetTheme.objects.filter(sheet=OuterRef("pk"), key=theme_key(theme))))
    if community_id:
        sheets = sheets.filter(community_id=community_id)
    ordering = ("-published_at", "-id") if order == "newest" else ("-useful", "-published_at", "-id")
    choices, popular = [], []
    with paging.row_by_row():
        counted = paging.count_up_to(sheets)
        rows, following = paging.page_rows(
            sheets.select_related("community").annotate(useful=useful_count()).order_by(*ordering), page, PAGE_SIZE)
        if with_filters:
            choices, popular = _filter_choices(actor, readable)
    return SheetSearch(
        sheets=paging.bounded_page(_items(actor, rows), page=page, page_size=PAGE_SIZE, counted=counted,
                                   following=following),
        query=query, theme=theme, community_id=community_id, order=order, communities=choices, themes=popular)


def my_sheets(actor, *, page=1):
    """A page of the sheets that concern the actor (drafts, awaiting consent, to review), latest change first.

    The author's and owner's sheets, those quoting them by name, and those of the
    communities they facilitate (staff: every community). Raises NotAllowed, InvalidInput.
    """
    permissions.require_authenticated(actor)
    roles = access.roles_of(actor)
    page = as_page(page)
    if roles.is_staff:
        condition = Q()
    else:
        # The sheets quoting them first, by their index: every part of the condition is then an index of the
        # sheets, which the database reads instead of going through every sheet of the course.
        quoting = list(SheetQuote.objects.filter(user_id=actor.user_id, anonymised=False)
                       .values_list("sheet_id", flat=True))
        condition = Q(owner_id=actor.user_id) | Q(author_id=actor.user_id) | Q(id__in=quoting)
        if roles.leads:
            condition |= Q(community_id__in=roles.leads)
    sheets = KnowledgeSheet.objects.filter(course_key=actor.course_key).filter(condition)
    counted = paging.count_up_to(sheets)
    rows, following = paging.page_rows(
        sheets.select_related("community").annotate(useful=useful_count()).order_by("-updated_at", "-id"),
        page, PAGE_SIZE)
    return paging.bounded_page(_items(actor, rows), page=page, page_size=PAGE_SIZE, counted=counted,
                               following=following)


# --- drafting -----------------------------------------------------------------------------


def _themes(value):
    if isinstance(value, (list, tuple)):
        value = ",".join(str(item) for item in value if isinstance(item, (str, int)))
    text = as_text(value, "themes", MAX_THEMES * (THEME_LENGTH + 2), required=False)
    names = {}
    for name in text.split(","):
        name = " ".join(name.split())
        if not name:
            continue
        if len(name) > THEME_LENGTH:
            # Translators: {max} is a number of characters.
            raise InvalidInput(_("A theme has {max} characters at most.").format(max=THEME_LENGTH), code="too_long")
        names.setdefault(theme_key(name), name)
    if len(names) > MAX_THEMES:
        # Translators: {max} is a number of themes.
        raise InvalidInput(_("A sheet has {max} themes at most.").format(max=MAX_THEMES), code="too_many_themes")
    return names


def _fields(title, summary, body):
    return {
        "title": as_text(title, "title", SHEET_TITLE_LENGTH),
        "summary": as_text(summary, "summary", SUMMARY_LENGTH, required=False),
        "body": as_text(body, "body", BODY_LENGTH, required=False),
    }


def _set_themes(sheet, names):
    SheetTheme.objects.filter(sheet=sheet).exclude(key__in=list(names)).delete()
    existing = set(SheetTheme.objects.filter(sheet=sheet).values_list("key", flat=True))
    SheetTheme.objects.bulk_create([SheetTheme(sheet=sheet, key=key, name=name)
                                    for key, name in names.items() if key not in existing])


def _create(actor, place, source, fields, themes):
    """The new sheet; ``place`` is ``(community_id, owner_id)``, ``source`` is ``(kind, id)``."""
    (community_id, owner_id), (source_kind, source_id) = place, source
    with transaction.atomic():
        sheet = KnowledgeSheet.objects.create(
            course_key=actor.course_key, community_id=community_id, author_id=actor.user_id, owner_id=owner_id,
            source_kind=source_kind, source_id=source_id, **fields)
        _set_themes(sheet, themes)
        _refresh_readers(sheet, [])
    return sheet


def create_sheet(actor, *, title, summary="", themes="", body="", community_id=None):
    """Write a sheet from scratch in the actor's community (members, its facilitators, staff). The author
    is its owner. Returns ``SheetDetail``. Raises NotAllowed, NotFound, InvalidInput."""
    fields, names = _fields(title, summary, body), _themes(themes)
    community_id, roles = access.resolve_community(actor, community_id=community_id)
    gate.require_can_write(actor, community_id=community_id, roles=roles)
    sheet = _create(actor, (community_id, actor.user_id), (KnowledgeSheet.SCRATCH, None), fields, names)
    return _detail(actor, roles, sheet, [], True)


def _existing_draft(kind, source_id):
    found = KnowledgeSheet.objects.filter(source_kind=kind, source_id=source_id).values_list("id", flat=True).first()
    if found is not None:
        raise Conflict(_("A sheet was already drafted from this source."), code="sheet_exists",
                       details={"sheet_id": found})


def _from_case(actor, case_id):
    """(community_id, owner_id, title, summary, body) of a sheet from a case at step 6."""
    case = Case.objects.filter(id=as_id(case_id, "source_id"), course_key=actor.course_key).first()
    roles = access.roles_of(actor)
    if case is None or case.presented_at is None or not permissions.can_see_community(roles, case.community_id):
        raise NotFound(_("This case does not exist or is not shared with you."), code="case_not_found")
    if not (case.owner_id == actor.user_id or permissions.can_facilitate(roles, case.community_id)):
        raise NotAllowed(_("Only the case owner and the facilitator draft a sheet from a case."),
                         code="owner_or_facilitator_only")
    if case.step != case_steps.LAST_STEP or not case.owner_id:
        raise Conflict(_("A sheet is drafted once the case has reached the learnings (step 6)."),
                       code="case_not_finished")
    contributions = CaseContribution.objects.filter(case=case, hidden=False)
    helped = list(contributions.filter(kind=CaseContribution.SUGGESTION).annotate(marks=Count("useful_marks"))
                  .order_by("-marks", "id").values_list("body", "author_id")[:5])
    plans = list(contributions.filter(kind=CaseContribution.SYNTHESIS).order_by("id").values_list("body", "author_id"))
    learnings = list(contributions.filter(kind=CaseContribution.LEARNING).order_by("id")
                     .values_list("body", "author_id")[:20])
    authors = [author for _body, author in helped + plans + learnings]
    texts = ([body for body, _author in rows] for rows in (helped, plans, learnings))
    return (case.community_id, case.owner_id, *knowledge_text.case_draft(case, *texts), authors)


def _from_brainstorm(actor, brainstorm_id):
    """(community_id, owner_id, title, summary, body) of a sheet from a brainstorm's retained ideas."""
    row = Brainstorm.objects.filter(id=as_id(brainstorm_id, "source_id"), course_key=actor.course_key).first()
    roles = access.roles_of(actor)
    if row is None or not permissions.can_see_community(roles, row.community_id):
        raise NotFound(_("This brainstorm does not exist."), code="brainstorm_not_found")
    if not permissions.can_facilitate(roles, row.community_id):
        raise NotAllowed(_("Only the facilitator drafts a sheet from a brainstorm."), code="facilitators_only")
    ideas = list(Idea.objects.filter(brainstorm=row, retained=True, hidden=False).order_by("id")
                 .values_list("text", "author_id")[:50])
    if not ideas:
        raise Conflict(_("No idea of this brainstorm is retained yet."), code="no_retained_ideas")
    return (row.community_id, actor.user_id, *knowledge_text.brainstorm_draft(row, [text for text, _a in ideas]),
            [author for _text, author in ideas])


def draft_sources(actor):
    """[(value, label)] of the sources the actor may draft a sheet from now: their cases at step 6 (the cases
    of the communities they facilitate too) and, for facilitators, brainstorms with retained ideas; those
    already drafted from are left out. ``value`` is ``"<kind>:<id>"``. At most 50; two queries plus roles."""
    permissions.require_authenticated(actor)
    roles = access.roles_of(actor)
    led = Q() if roles.is_staff else Q(community_id__in=roles.leads)
    mine = Q(owner_id=actor.user_id) | led if (roles.leads or roles.is_staff) else Q(owner_id=actor.user_id)
    drafted = KnowledgeSheet.objects.filter(course_key=actor.course_key, source_kind=OuterRef("kind"),
                                            source_id=OuterRef("pk"))
    found = list(Case.objects.filter(course_key=actor.course_key, step=case_steps.LAST_STEP,
                                     presented_at__isnull=False).exclude(owner_id="")
                 .filter(mine)
                 .annotate(kind=Value(KnowledgeSheet.CASE)).exclude(Exists(drafted))
                 .order_by("-updated_at").values_list("id", "title")[:50])
    sources = [(f"{KnowledgeSheet.CASE}:{case_id}", title) for case_id, title in found]
    if roles.leads or roles.is_staff:
        rows = (Brainstorm.objects.filter(course_key=actor.course_key).filter(led)
                .filter(Exists(Idea.objects.filter(brainstorm=OuterRef("pk"), retained=True, hidden=False)))
                .annotate(kind=Value(KnowledgeSheet.BRAINSTORM)).exclude(Exists(drafted))
                .order_by("-id").values_list("id", "question")[:50 - len(sources)])
        # Translators: {question} is the guiding question of a brainstorm whose retained ideas make a sheet.
        sources += [(f"{KnowledgeSheet.BRAINSTORM}:{row_id}",
                     _("Retained ideas: {question}").format(question=markup.excerpt(question, 80)))
                    for row_id, question in rows]
    return sources


# Where a draft may come from: kind -> function(actor, source_id) returning
# (community_id, owner_id, title, summary, body), optionally followed by the user ids of the people whose
# words the draft copies (each becomes a quoted person: they consent or are anonymised).
# Sessions add "session" (their minutes) with register_source.
SOURCES = {KnowledgeSheet.CASE: _from_case, KnowledgeSheet.BRAINSTORM: _from_brainstorm}


def register_source(kind, draft):
    """Let another capability be a source of sheets (the sessions' minutes: ``KnowledgeSheet.SESSION``)."""
    SOURCES[kind] = draft


def draft_from_source(actor, *, kind, source_id):
    """Draft a sheet pre-filled from a source: a case at step 6 (``case``), a brainstorm's retained ideas
    (``brainstorm``), or any source registered. Returns ``SheetDetail``. Raises NotAllowed, NotFound,
    InvalidInput, Conflict ``case_not_finished`` / ``no_retained_ideas`` / ``sheet_exists``."""
    permissions.require_authenticated(actor)
    kind = as_choice(kind, "source", tuple(SOURCES))
    drafted = SOURCES[kind](actor, source_id)
    community_id, owner_id, title, summary, body = drafted[:5]
    writers = drafted[5] if len(drafted) > 5 else ()
    source_id = as_id(source_id, "source_id")
    roles = gate.require_can_write(actor, community_id=community_id)
    with transaction.atomic():
        # The source's row is the lock: of two drafts at once, one sees the other.
        Community.objects.select_for_update().filter(id=community_id).first()
        _existing_draft(kind, source_id)
        fields = {"title": title[:SHEET_TITLE_LENGTH], "summary": summary[:SUMMARY_LENGTH], "body": body[:BODY_LENGTH]}
        sheet = _create(actor, (community_id, owner_id), (kind, source_id), fields, {})
        _quote_writers(actor, sheet, writers)
        _refresh_readers(sheet, _quotes(sheet))
    return _detail(actor, roles, sheet, _quotes(sheet), True)


def _quote_writers(actor, sheet, writers):
    """Quote every person whose words a draft copies (but its owner): nothing leaves a community without
    the consent of the people it comes from, or their anonymisation."""
    user_ids = list(dict.fromkeys(user_id for user_id in writers if user_id and user_id != sheet.owner_id))
    names = dict(Participant.objects.filter(course_key=actor.course_key, user_id__in=user_ids)
                 .values_list("user_id", "display_name"))
    SheetQuote.objects.bulk_create([SheetQuote(sheet=sheet, user_id=user_id, name=names.get(user_id, ""))
                                    for user_id in user_ids])


def update_sheet(actor, *, sheet_id, title, summary="", themes="", body="", base_version=None):
    """Change a sheet that is not published (its author, owner, facilitators). A change of the text makes a
    new version: consents and review given earlier no longer count. Returns ``SheetDetail``.
    Raises NotFound, NotAllowed ``editors_only``, Conflict ``sheet_published`` / ``stale_version``, InvalidInput."""
    fields, names = _fields(title, summary, body), _themes(themes)
    with transaction.atomic():
        sheet, roles, quotes, concerned = _load(actor, sheet_id, lock=True)
        _require_editor(actor, roles, sheet)
        if sheet.version != as_int(base_version, "base_version", 1, MAX_VERSION):
            raise Conflict(_("This sheet was changed elsewhere since you opened it. Reload it, then save again."),
                           code="stale_version", details={"version": sheet.version})
        if any(getattr(sheet, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(sheet, name, value)
            sheet.version += 1
            sheet.save()
            _refresh_readers(sheet, quotes)
        _set_themes(sheet, names)
    return _detail(actor, roles, sheet, quotes, concerned)


def quote_person(actor, *, sheet_id, user_id):
    """Name a person of the course the sheet quotes: they will consent at each level or be anonymised.
    Only the members and facilitators of the sheet's community are quoted (InvalidInput ``not_quotable``).
    Returns ``SheetDetail``. Raises NotFound (sheet, or nobody of that id in the course), NotAllowed,
    Conflict ``sheet_published``, InvalidInput."""
    user_id = as_text(user_id, "user_id", 64)
    with transaction.atomic():
        sheet, roles, quotes, concerned = _load(actor, sheet_id, lock=True)
        _require_editor(actor, roles, sheet)
        name = Participant.objects.filter(course_key=actor.course_key, user_id=user_id).values_list(
            "display_name", flat=True).first()
        if name is None:
            raise NotFound(_("Nobody of this course has this id."), code="person_not_found")
        if not _of_community(sheet.community_id, user_id):
            raise InvalidInput(_("A sheet quotes by name only the members and facilitators of its community."),
                               code="not_quotable")
        if user_id == sheet.owner_id or any(quote.user_id == user_id for quote in quotes):
            return _detail(actor, roles, sheet, quotes, concerned)
        if len(quotes) >= MAX_QUOTES:
            raise Conflict(_("This sheet already quotes as many people as it may."), code="too_many_quotes")
        SheetQuote.objects.create(sheet=sheet, user_id=user_id, name=name)
        _refresh_readers(sheet, _quotes(sheet))
    return _detail(actor, roles, sheet, _quotes(sheet), concerned)


def set_anonymised(actor, *, sheet_id, quote_id, anonymised=True):
    """Anonymise a quoted person (readers see « Personne A » in place of their name), or name them again.
    The person themselves, the author, the owner and the facilitators may anonymise at any time; naming
    again only while the sheet is not published. Returns ``SheetDetail``. Raises NotFound, NotAllowed,
    Conflict ``sheet_published``, InvalidInput."""
    quote_id, anonymised = as_id(quote_id, "quote_id"), as_bool(anonymised, "anonymised")
    with transaction.atomic():
        sheet, roles, quotes, concerned = _load(actor, sheet_id, lock=True)
        quote = next((quote for quote in quotes if quote.id == quote_id), None)
        if quote is None or not concerned:
            raise NotFound(_("This person is not quoted in the sheet."), code="quote_not_found")
        if not anonymised:
            _require_editor(actor, roles, sheet)
        elif quote.user_id != actor.user_id:
            _require_writer_of(actor, roles, sheet)
        SheetQuote.objects.filter(id=quote.id).update(anonymised=anonymised)
        _refresh_readers(sheet, _quotes(sheet))
    return _detail(actor, roles, sheet, _quotes(sheet), concerned)


# --- consent, review, publication, withdrawal -------------------------------------------------------


def _needs_consent_of(sheet, quotes, user_id):
    return bool(user_id) and (user_id == sheet.owner_id
                              or any(q.user_id == user_id and not q.anonymised for q in quotes))


def give_consent(actor, *, sheet_id, level, version):
    """The actor (the owner, or a quoted person) consents to the sheet at ``level`` as they read it in
    ``version``. Returns ``SheetDetail``. Raises NotFound, NotAllowed ``not_asked``, Conflict ``stale_version``
    (the text changed since), InvalidInput."""
    level = as_choice(level, "level", LEVELS)
    version = as_int(version, "version", 1, MAX_VERSION)
    with transaction.atomic():
        sheet, roles, quotes, concerned = _load(actor, sheet_id, lock=True)
        if not _needs_consent_of(sheet, quotes, actor.user_id):
            raise NotAllowed(_("Your consent is not asked for this sheet."), code="not_asked")
        if sheet.version != version:
            raise Conflict(_("The sheet changed since you read it: read it again before consenting."),
                           code="stale_version", details={"version": sheet.version})
        SheetConsent.objects.update_or_create(sheet=sheet, user_id=actor.user_id, level=level,
                                              defaults={"version": version, "given_at": timezone.now()})
    return _detail(actor, roles, sheet, quotes, concerned)


def _withdraw(sheet, user_id):
    """Delete ``user_id``'s consents and every publication of ``sheet``: it leaves every place at once."""
    touched = SheetConsent.objects.filter(sheet=sheet, user_id=user_id).delete()[0]
    touched += SheetPublication.objects.filter(sheet=sheet).delete()[0]
    KnowledgeSheet.objects.filter(id=sheet.id).update(withdrawn_at=timezone.now(), published_at=None)
    return touched


def withdraw_consent(actor, *, sheet_id):
    """Withdraw every consent the actor gave to the sheet: it leaves every place it was published (the
    community, the course, the exports), at once. Allowed at any time, even from an archived community.
    Returns ``SheetDetail``. Raises NotFound, NotAllowed ``not_asked``."""
    with transaction.atomic():
        sheet, roles, quotes, concerned = _load(actor, sheet_id, lock=True)
        if not (_needs_consent_of(sheet, quotes, actor.user_id)
                or SheetConsent.objects.filter(sheet=sheet, user_id=actor.user_id).exists()):
            raise NotAllowed(_("Your consent is not asked for this sheet."), code="not_asked")
        _withdraw(sheet, actor.user_id)
        sheet.refresh_from_db()
    return _detail(actor, roles, sheet, quotes, concerned)


def review_sheet(actor, *, sheet_id):
    """``SheetReview`` for the facilitator: what looks like it identifies someone, and exactly what readers
    will see. Raises NotFound, NotAllowed ``facilitators_only``."""
    sheet, roles, quotes, _concerned = _load(actor, sheet_id)
    if not permissions.can_facilitate(roles, sheet.community_id):
        raise NotAllowed(_("Only the community's facilitator reviews and publishes sheets."),
                         code="facilitators_only")
    replacements = _replacements(quotes)
    readers_text = "\n".join(knowledge_text.anonymise(text, replacements)
                             for text in (sheet.title, sheet.summary, sheet.body))
    known = list(Participant.objects.filter(course_key=actor.course_key).filter(
        Q(user_id__in=Membership.objects.filter(community_id=sheet.community_id).values("user_id"))
        | Q(user_id__in=[q.user_id for q in quotes]) | Q(user_id=sheet.owner_id)).values_list(
        "display_name", flat=True)[:200])
    return SheetReview(sheet=_detail(actor, roles, sheet, quotes, True),
                       flags=knowledge_text.find_flags(readers_text, known), version=sheet.version)


def publish_sheet(actor, *, sheet_id, level, version):
    """Publish the sheet at ``level`` after reviewing ``version`` (the facilitator of its community, staff).
    Refused unless every consent ``level`` needs is given on that version. Returns ``SheetDetail``.
    Raises NotFound, NotAllowed ``facilitators_only``, Conflict ``stale_version`` / ``consent_missing`` /
    ``already_published``, InvalidInput."""
    level = as_choice(level, "level", LEVELS)
    version = as_int(version, "version", 1, MAX_VERSION)
    with transaction.atomic():
        sheet, roles, quotes, concerned = _load(actor, sheet_id, lock=True)
        _require_facilitator(actor, roles, sheet)
        if sheet.version != version:
            raise Conflict(_("The sheet changed since you reviewed it: review it again."), code="stale_version",
                           details={"version": sheet.version})
        if not KnowledgeSheet.objects.filter(id=sheet.id).filter(consents_complete(level)).exists():
            raise Conflict(_("Every consent this level needs is not given yet."), code="consent_missing")
        try:
            with transaction.atomic():
                SheetPublication.objects.create(sheet=sheet, level=level, published_by=actor.user_id)
        except IntegrityError:
            raise Conflict(_("The sheet is already published there."), code="already_published") from None
        sheet.reviewed_by, sheet.reviewed_version, sheet.withdrawn_at = actor.user_id, version, None
        sheet.published_at = sheet.published_at or timezone.now()
        sheet.save(update_fields=["reviewed_by", "reviewed_version", "withdrawn_at", "published_at", "updated_at"])
    return _detail(actor, roles, sheet, quotes, concerned)


def unpublish_sheet(actor, *, sheet_id, level):
    """Take the sheet back from ``level`` (the facilitator). Returns ``SheetDetail``. Raises NotFound,
    NotAllowed ``facilitators_only``, InvalidInput."""
    level = as_choice(level, "level", LEVELS)
    with transaction.atomic():
        sheet, roles, quotes, concerned = _load(actor, sheet_id, lock=True)
        _require_facilitator(actor, roles, sheet)
        SheetPublication.objects.filter(sheet=sheet, level=level).delete()
        if not SheetPublication.objects.filter(sheet=sheet).exists():
            sheet.published_at = None
            sheet.save(update_fields=["published_at", "updated_at"])
    return _detail(actor, roles, sheet, quotes, concerned)


def mark_useful(actor, *, sheet_id, useful=True):
    """Say a sheet one reads is useful (« Utile »), or take it back. One mark per person; not on one's own
    sheet; the reader passes the write gate of their own community (muted, charter not accepted, archived:
    refused). Returns ``(count, useful_by_me)`` read from the rows. Raises NotFound, NotAllowed, InvalidInput."""
    useful = as_bool(useful, "useful")
    sheet, roles = _load(actor, sheet_id)[:2]
    if not _readable(actor, roles).filter(id=sheet.id).exists():
        raise _not_found()
    if actor.user_id in (sheet.owner_id, sheet.author_id):
        raise NotAllowed(_("You cannot mark your own sheet as useful."), code="own_sheet")
    # The write gate of the reader's own place: the sheet's community when they take part in it, else the
    # community they belong to (a sheet published to the course); people of no community pass.
    own = sheet.community_id if permissions.can_take_part(roles, sheet.community_id) else roles.member_of
    if own:
        gate.require_can_write(actor, community_id=own, roles=roles)
    if useful:
        try:
            with transaction.atomic():
                SheetUsefulMark.objects.create(sheet=sheet, user_id=actor.user_id)
        except IntegrityError:
            pass  # two clicks at once: one mark is kept
    else:
        with transaction.atomic():
            SheetUsefulMark.objects.filter(sheet=sheet, user_id=actor.user_id).delete()
    marks = SheetUsefulMark.objects.filter(sheet=sheet)
    return marks.count(), marks.filter(user_id=actor.user_id).exists()


# --- retirement -----------------------------------------------------------------------------


def retire_user(user_id):
    """Withdraw and anonymise ``user_id`` in every sheet: the sheets they own are withdrawn (they leave
    every place) and lose their owner; the sheets quoting them show a label in place of their name, in
    the stored text too; their consents, marks and authorship go. Returns the number of rows touched."""
    touched = 0
    for sheet in KnowledgeSheet.objects.select_for_update().filter(owner_id=user_id):
        touched += _withdraw(sheet, user_id)
    touched += KnowledgeSheet.objects.filter(owner_id=user_id).update(owner_id="")
    touched += KnowledgeSheet.objects.filter(author_id=user_id).update(author_id="")
    touched += KnowledgeSheet.objects.filter(reviewed_by=user_id).update(reviewed_by="")
    touched += SheetPublication.objects.filter(published_by=user_id).update(published_by="")
    for quote in SheetQuote.objects.select_for_update().filter(user_id=user_id).select_related("sheet"):
        sheet, quotes = quote.sheet, _quotes(quote.sheet)
        for other in quotes:
            if other.id == quote.id:
                other.anonymised = True
        label = dict(_replacements(quotes)).get(quote.name)
        if quote.name and label:
            for name in ("title", "summary", "body"):
                setattr(sheet, name, knowledge_text.anonymise(getattr(sheet, name), [(quote.name, label)]))
            sheet.save(update_fields=["title", "summary", "body", "updated_at"])
        touched += SheetQuote.objects.filter(id=quote.id).update(user_id="", name="", anonymised=True)
        _refresh_readers(sheet, _quotes(sheet))
    touched += SheetConsent.objects.filter(user_id=user_id).delete()[0]
    touched += SheetUsefulMark.objects.filter(user_id=user_id).delete()[0]
    return touched
