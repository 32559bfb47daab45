"""Notifications (« Préférences de notification », « Résumé quotidien / hebdomadaire »).

Rules enforced here, whoever calls:

- Each person chooses, per kind of news, immediate / daily / weekly / never
  (``FREQUENCIES``); without a choice, the kind's default (``KINDS``). Choices
  are scoped to the course.
- Messages carry counts, names and titles people already see in the block,
  never the text of a journal entry, a feedback, a report's reason or a post.
- Nothing is sent twice: every message is first claimed under a unique key
  (``SentNotification``) in its own transaction, handed to the platform's
  messaging (edx-ace, through ``platform.send_message``), then marked sent. A
  crash between the two leaves a claim, and a later run sends nothing for it
  (at most once); a failure the platform reports marks it ``failed``.
- Unsubscribe links work without a login: ``<selector>.<verifier>``, the
  verifier compared in constant time.
- Sending never costs anybody their action: errors are logged, not raised.
"""

import datetime
import functools
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone, translation

from .. import permissions, platform
from ..errors import NotFound
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from ..models import (BlockLinks, Case, CaseContribution, FacilitatorRole, Idea, JournalFeedback, Membership,
                      NotificationPreference, Post, Report, SentNotification, UnsubscribeToken)
from ..models.notifications import URL_LENGTH
from . import people
from .access import roles_of
from .dashboard_data import DigestRun, KindChoice, Preferences, Unsubscribed
from .validation import as_choice
from .whats_new import section_anchor

log = logging.getLogger(__name__)

IMMEDIATE, DAILY, WEEKLY, NEVER = (NotificationPreference.IMMEDIATE, NotificationPreference.DAILY,
                                   NotificationPreference.WEEKLY, NotificationPreference.NEVER)
FREQUENCIES = (IMMEDIATE, DAILY, WEEKLY, NEVER)
FREQUENCY_NAMES = {
    IMMEDIATE: gettext_lazy("At once"),
    DAILY: gettext_lazy("In the daily digest"),
    WEEKLY: gettext_lazy("In the weekly digest"),
    NEVER: gettext_lazy("Never"),
}


@dataclass(frozen=True)
class Kind:
    """A kind of news: its key, who may receive it, its default and the frequencies offered."""

    key: str
    label: object
    roles: tuple
    default: str
    frequencies: tuple = FREQUENCIES


KINDS = (
    Kind("contribution", gettext_lazy("Someone wrote in a case I presented"), ("learner", "facilitator", "staff"),
         IMMEDIATE),
    Kind("feedback", gettext_lazy("A facilitator answered a journal entry I shared"),
         ("learner", "facilitator", "staff"), IMMEDIATE),
    Kind("report", gettext_lazy("Something was reported in a community I facilitate"), ("facilitator", "staff"),
         IMMEDIATE),
    Kind("session", gettext_lazy("A session of my community starts tomorrow"), ("learner", "facilitator", "staff"),
         IMMEDIATE),
    Kind("activity", gettext_lazy("What happened in my community"), ("learner", "facilitator", "staff"), WEEKLY,
         (DAILY, WEEKLY, NEVER)),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}

# The edx-ace message types (``templates/cap_xblock/edx_ace/<name>/email/``).
MESSAGE_NAMES = {"contribution": "casecontribution", "feedback": "journalfeedback", "report": "itemreported",
                 "session": "sessiontomorrow", "digest": "digest"}


# --- preferences ------------------------------------------------------------------------------


def _role(actor):
    roles = roles_of(actor)
    return roles.primary_role()


def _frequencies(course_key, user_ids):
    """``{user_id: {kind: frequency}}`` with the defaults filled in (one query)."""
    chosen = {}
    for user_id, kind, frequency in NotificationPreference.objects.filter(
            course_key=course_key, user_id__in=list(user_ids)).values_list("user_id", "kind", "frequency"):
        chosen.setdefault(user_id, {})[kind] = frequency
    return {user_id: {kind.key: chosen.get(user_id, {}).get(kind.key, kind.default) for kind in KINDS}
            for user_id in user_ids}


def get_preferences(actor):
    """The actor's ``Preferences`` in their course. Raises NotAllowed (anonymous, outside a course)."""
    permissions.require_authenticated(actor)
    role = _role(actor)
    frequencies = _frequencies(actor.course_key, [actor.user_id])[actor.user_id]
    return Preferences(kinds=[
        KindChoice(key=kind.key, label=str(kind.label), frequency=frequencies[kind.key],
                   choices=[(value, str(FREQUENCY_NAMES[value])) for value in kind.frequencies])
        for kind in KINDS if role in kind.roles
    ])


def set_preferences(actor, *, choices):
    """Record the actor's choices (``{kind: frequency}``; kinds not given are unchanged). Returns ``Preferences``.

    Raises NotAllowed (anonymous, outside a course), InvalidInput (unknown kind or frequency).
    """
    permissions.require_authenticated(actor)
    role = _role(actor)
    if not isinstance(choices, dict):
        choices = {}
    allowed = [kind for kind in KINDS if role in kind.roles]
    wanted = {}
    for kind_key, frequency in choices.items():
        kind = KIND_BY_KEY.get(as_choice(kind_key, "kind", [item.key for item in allowed]))
        wanted[kind.key] = as_choice(frequency, "frequency", kind.frequencies)
    with transaction.atomic():
        for kind_key, frequency in wanted.items():
            NotificationPreference.objects.update_or_create(
                course_key=actor.course_key, user_id=actor.user_id, kind=kind_key,
                defaults={"frequency": frequency})
    return get_preferences(actor)


# --- unsubscribe tokens -----------------------------------------------------------------------


def token_for(course_key, user_id):
    """The person's unsubscribe token in the course (``<selector>.<verifier>``), made on first use."""
    return tokens_for(course_key, [user_id])[str(user_id)]


def tokens_for(course_key, user_ids):
    """``{user_id: token}`` for many people in two or three queries, whatever their number."""
    user_ids = [str(user_id) for user_id in user_ids]
    found = {user_id: f"{selector}.{verifier}" for user_id, selector, verifier in UnsubscribeToken.objects.filter(
        course_key=course_key, user_id__in=user_ids).values_list("user_id", "selector", "verifier")}
    missing = [user_id for user_id in user_ids if user_id not in found]
    if missing:
        UnsubscribeToken.objects.bulk_create([
            UnsubscribeToken(course_key=course_key, user_id=user_id, selector=secrets.token_hex(12),
                             verifier=secrets.token_urlsafe(32)) for user_id in missing
        ], ignore_conflicts=True)
        # A concurrent run may have made some first: read what is stored.
        found.update({user_id: f"{selector}.{verifier}" for user_id, selector, verifier in
                      UnsubscribeToken.objects.filter(course_key=course_key, user_id__in=missing)
                      .values_list("user_id", "selector", "verifier")})
    return found


def _token_row(token):
    selector, _dot, verifier = str(token or "").partition(".")
    row = UnsubscribeToken.objects.filter(selector=selector[:24]).first() if selector else None
    # Compared in constant time, and compared even without a row, so timing tells nothing.
    expected = row.verifier if row is not None else "x" * 43
    if not hmac.compare_digest(expected.encode("utf-8"), verifier.encode("utf-8")) or row is None:
        raise NotFound(_("This unsubscribe link is not valid (any more). Change your notifications in the "
                         "activity itself."), code="invalid_token")
    return row


def check_token(token):
    """The kinds an unsubscribe ``token`` may turn off (``Unsubscribed`` of the kinds now on). Raises NotFound."""
    row = _token_row(token)
    frequencies = _frequencies(row.course_key, [row.user_id])[row.user_id]
    leads = FacilitatorRole.objects.filter(community__course_key=row.course_key, user_id=row.user_id).exists()
    return Unsubscribed(kinds=[kind.key for kind in KINDS if frequencies[kind.key] != NEVER
                               and (leads or "learner" in kind.roles)])


def unsubscribe(token, kind=None):
    """Turn off one kind (or every kind) of e-mail for the person of ``token``. Returns ``Unsubscribed``.

    Works without a login: the token is the proof. Raises NotFound (``invalid_token``), InvalidInput (kind).
    """
    row = _token_row(token)
    kinds = [as_choice(kind, "kind", list(KIND_BY_KEY))] if kind not in (None, "") else list(KIND_BY_KEY)
    with transaction.atomic():
        for key in kinds:
            NotificationPreference.objects.update_or_create(
                course_key=row.course_key, user_id=row.user_id, kind=key, defaults={"frequency": NEVER})
    return Unsubscribed(kinds=kinds)


# --- links ------------------------------------------------------------------------------------


def remember_links(actor, *, page_url, unsubscribe_url):
    """Keep where e-mails about the actor's block lead (one query when nothing changed)."""
    if not actor.in_course or not actor.block_key:
        return
    page_url, unsubscribe_url = str(page_url)[:URL_LENGTH], str(unsubscribe_url)[:URL_LENGTH]
    current = BlockLinks.objects.filter(course_key=actor.course_key, block_key=actor.block_key).values_list(
        "page_url", "unsubscribe_url").first()
    if current == (page_url, unsubscribe_url):
        return
    try:
        with transaction.atomic():
            BlockLinks.objects.update_or_create(course_key=actor.course_key, block_key=actor.block_key,
                                                defaults={"page_url": page_url, "unsubscribe_url": unsubscribe_url})
    except IntegrityError:
        pass  # another visit recorded them at the same moment


def _links(course_key, block_key=""):
    """(page URL, unsubscribe URL) for a block of the course, or its most recently opened block."""
    rows = BlockLinks.objects.filter(course_key=course_key)
    row = (rows.filter(block_key=block_key).first() if block_key else None) or rows.order_by("-updated_at").first()
    return (row.page_url, row.unsubscribe_url, row.block_key) if row is not None else ("", "", "")


def _place(page_url, block_key, section):
    """The link to a section of the block: its page and the section's anchor."""
    return page_url + section_anchor(block_key, section) if page_url else ""


def _links_of_courses(course_keys):
    found = {}
    for course_key, page_url, unsubscribe_url in BlockLinks.objects.filter(course_key__in=list(course_keys)).order_by(
            "updated_at").values_list("course_key", "page_url", "unsubscribe_url"):
        found[course_key] = (page_url, unsubscribe_url)  # the most recently opened block of the course
    return found


# --- sending ----------------------------------------------------------------------------------


def message_key(*parts):
    """The unique key of one message: the SHA-256 of its parts (kind, subject, recipient, period)."""
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()


def claim(key, course_key, user_id, kind):
    """Record the intent to send message ``key``; False when it was already claimed (sent, or being sent)."""
    try:
        with transaction.atomic():
            SentNotification.objects.create(key=key, course_key=course_key, user_id=user_id, kind=kind)
    except IntegrityError:
        return False
    return True


def _mark(key, state):
    SentNotification.objects.filter(key=key).update(state=state, sent_at=timezone.now() if state == "sent" else None)


def _unsubscribe_link(base, token, kind=""):
    if not base:
        return ""
    glue = "&" if "?" in base else "?"
    return f"{base}{glue}token={token}" + (f"&kind={kind}" if kind else "")


def _context(language, subject, lines, *, page_url, unsubscribe_url, reason, action=""):
    """The template context of one message, every text already in the recipient's language."""
    # Translators: a line of a plain-text e-mail: {label} is what a link does, {url} the link.
    labelled = _("{label}: {url}")
    return {
        "language": language,
        "action_text": labelled.format(label=action or _("Open the activity"), url=page_url) if page_url else "",
        "unsubscribe_text": labelled.format(label=_("Stop these e-mails"), url=unsubscribe_url)
        if unsubscribe_url else "",
        "subject": subject.replace("\n", " ")[:200],
        "heading": subject,
        "lines": [str(line) for line in lines],
        "action_url": page_url,
        "action_label": action or _("Open the activity"),
        "reason": reason,
        "unsubscribe_url": unsubscribe_url,
        "unsubscribe_label": _("Stop these e-mails"),
        "preferences_hint": _("You can choose what you receive, and how often, in the activity: "
                              "« Notification preferences »."),
        "signature": _("The community learning and practice activity of your course"),
    }


def _deliver(key, kind, message_kind, contact, *, course_key, build):
    """Claim ``key``, build the context in the contact's language, send, mark. Returns "sent", "already_sent",
    "failed" or "empty" (``build`` returned None: nothing to say)."""
    with translation.override(contact.language):
        context = build()
    if context is None:
        return "empty"
    if not claim(key, course_key, contact.user_id, kind):
        return "already_sent"
    try:
        platform.send_message(MESSAGE_NAMES[message_kind], contact, context)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not send the %s message to %s", kind, contact.user_id)
        _mark(key, SentNotification.FAILED)
        return "failed"
    _mark(key, SentNotification.SENT)
    return "sent"


def _still_taking_part(course_key, user_ids):
    """``user_ids`` who are a member of a community of the course or one of its facilitators, in order."""
    current = set(Membership.objects.filter(course_key=course_key, user_id__in=user_ids)
                  .values_list("user_id", flat=True))
    current |= set(FacilitatorRole.objects.filter(community__course_key=course_key, user_id__in=user_ids)
                   .values_list("user_id", flat=True))
    return [user_id for user_id in user_ids if user_id in current]


def _immediate_recipients(course_key, kind, user_ids):
    """The contacts among ``user_ids`` who want ``kind`` at once and still take part in the course.

    Someone who left (a learner who unenrolled: no community any more, not a facilitator) hears nothing.
    """
    user_ids = _still_taking_part(course_key, user_ids)
    frequencies = _frequencies(course_key, user_ids)
    wanted = [user_id for user_id in user_ids if frequencies[user_id][kind] == IMMEDIATE]
    return platform.user_contacts(wanted) if wanted else {}


def _safely(func):
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:  # pylint: disable=broad-except
            log.exception("Could not notify (%s)", func.__name__)
            return []
    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@_safely
def case_contribution_added(course_key, contribution_id):
    """Tell a case's owner that someone wrote in their case (not when they wrote it themselves).

    Runs after the contribution's commit, out of the request where the site has a worker
    (``tasks.notify_case_contribution``). Returns the list of outcomes (for tests and events); never raises.
    """
    row = (CaseContribution.objects.filter(id=contribution_id).select_related("case").first())
    if row is None or not row.case.owner_id or row.case.owner_id == row.author_id:
        return []
    owner = row.case.owner_id
    contacts = _immediate_recipients(course_key, "contribution", [owner])
    if owner not in contacts:
        return []
    page_url, base, block_key = _links(course_key, row.case.block_key)
    token = token_for(course_key, owner)
    author = people.names(course_key, [row.author_id])[row.author_id].display_name if row.author_id else ""
    from . import case_steps  # pylint: disable=import-outside-toplevel

    def build():
        # Translators: the subject of an e-mail; {title} is the title of the recipient's case.
        subject = _("New contribution in your case « {title} »").format(title=row.case.title)
        # Translators: {name} is a person, {step} a co-development step, {title} the recipient's case.
        line = _("{name} wrote in the step « {step} » of your case « {title} ».").format(
            name=author, step=case_steps.step_name(row.step), title=row.case.title)
        return _context(contact.language, subject, [line], page_url=_place(page_url, block_key, "cases"),
                        unsubscribe_url=_unsubscribe_link(base, token, "contribution"),
                        reason=_("You receive this e-mail because you presented this case."),
                        action=_("Read it in the case"))

    contact = contacts[owner]
    return [_deliver(message_key("contribution", row.id, owner), "contribution", "contribution", contact,
                     course_key=course_key, build=build)]


@_safely
def journal_feedback_given(feedback_id):
    """Tell a journal entry's author that a facilitator answered it. The e-mail carries no text of either.

    Runs after the feedback's commit (``tasks.notify_journal_feedback``)."""
    row = JournalFeedback.objects.filter(id=feedback_id).select_related("entry").first()
    if row is None:
        return []
    author = row.entry.user_id
    contacts = _immediate_recipients(row.entry.course_key, "feedback", [author])
    if author not in contacts:
        return []
    page_url, base, block_key = _links(row.entry.course_key, row.entry.block_key)
    token = token_for(row.entry.course_key, author)
    contact = contacts[author]

    def build():
        subject = _("A facilitator answered your journal entry")
        line = _("A facilitator of your community answered a reflective journal entry you shared with them. "
                 "Only you can read it, in the activity.")
        return _context(contact.language, subject, [line], page_url=_place(page_url, block_key, "journal"),
                        unsubscribe_url=_unsubscribe_link(base, token, "feedback"),
                        reason=_("You receive this e-mail because you shared this entry with your facilitators."),
                        action=_("Read the feedback"))

    return [_deliver(message_key("feedback", row.id, author), "feedback", "feedback", contact,
                     course_key=row.entry.course_key, build=build)]


@_safely
def item_reported(block_key, report_id):
    """Tell the facilitators of the community that something was reported (no reason, no text in the e-mail).

    Runs after the report's commit (``tasks.notify_report``); ``block_key`` is the block the report was made in."""
    report = Report.objects.filter(id=report_id).select_related("community").first()
    if report is None:
        return []
    community = report.community
    facilitators = list(FacilitatorRole.objects.filter(community=community).values_list("user_id", flat=True))
    contacts = _immediate_recipients(community.course_key, "report", facilitators)
    if not contacts:
        return []
    waiting = Report.objects.filter(community=community, outcome=Report.OPEN).count()
    page_url, base, block_key = _links(community.course_key, block_key)
    tokens = tokens_for(community.course_key, list(contacts))
    outcomes = []
    for user_id, contact in sorted(contacts.items()):
        def build(contact=contact, user_id=user_id):
            # Translators: the subject of an e-mail; {community} is the name of a community.
            subject = _("Something was reported in « {community} »").format(community=community.name)
            # Translators: {count} is a number of reports.
            line = _("A member reported a contribution to the facilitation. Reports waiting for you: {count}.").format(
                count=waiting)
            return _context(contact.language, subject, [line], page_url=_place(page_url, block_key, "moderation"),
                            unsubscribe_url=_unsubscribe_link(base, tokens[user_id], "report"),
                            reason=_("You receive this e-mail because you facilitate this community."),
                            action=_("Open the moderation"))
        outcomes.append(_deliver(message_key("report", report.id, user_id), "report", "report", contact,
                                 course_key=community.course_key, build=build))
    return outcomes


@_safely
def session_tomorrow(course_key, session_key, title, starts_at, user_ids, *, block_key=""):
    """Tell people a session of their community starts tomorrow (called by the sessions capability).

    ``session_key`` names the session (and its date), so a session moved to another day is announced again.
    """
    user_ids = [str(user_id) for user_id in user_ids]
    contacts = _immediate_recipients(course_key, "session", user_ids)
    page_url, base, block_key = _links(course_key, block_key)
    tokens = tokens_for(course_key, list(contacts)) if contacts else {}
    from .. import dates  # pylint: disable=import-outside-toplevel

    outcomes = []
    for user_id, contact in sorted(contacts.items()):
        def build(contact=contact, user_id=user_id):
            # Translators: the subject of an e-mail; {title} is the title of a session of the community.
            subject = _("Tomorrow: « {title} »").format(title=title)
            # Translators: {title} is a session, {when} its date and time.
            line = _("The session « {title} » of your community starts on {when}.").format(
                title=title, when=dates.format_datetime(starts_at, zone=True))
            return _context(contact.language, subject, [line], page_url=_place(page_url, block_key, "sessions"),
                            unsubscribe_url=_unsubscribe_link(base, tokens[user_id], "session"),
                            reason=_("You receive this e-mail because you belong to this community."),
                            action=_("See the session"))
        outcomes.append(_deliver(message_key("session", session_key, user_id), "session", "session", contact,
                                 course_key=course_key, build=build))
    return outcomes


# --- digests ----------------------------------------------------------------------------------


def digest_period(frequency, today=None):
    """``(start, end, label)`` of the period a digest run covers: yesterday (daily), last ISO week (weekly)."""
    today = today or timezone.now().date()
    if frequency == DAILY:
        start_day = today - datetime.timedelta(days=1)
        end_day, label = today, start_day.isoformat()
    else:
        end_day = today - datetime.timedelta(days=today.weekday())
        start_day = end_day - datetime.timedelta(days=7)
        year, week, _day = start_day.isocalendar()
        label = f"{year}-W{week:02d}"
    utc = datetime.timezone.utc
    return (datetime.datetime.combine(start_day, datetime.time(), utc),
            datetime.datetime.combine(end_day, datetime.time(), utc), label)


def _counted(rows):
    return dict(rows)


def _digest_facts(course_keys, period, owners, authors, led):
    """Counts of the period, grouped, in a constant number of queries."""
    start, end = period
    period = {"created_at__gte": start, "created_at__lt": end}
    return {
        "cases": _counted(Case.objects.filter(course_key__in=course_keys, presented_at__gte=start,
                                              presented_at__lt=end).values("community_id").annotate(n=Count("id"))
                          .values_list("community_id", "n")),
        "contributions": _counted(CaseContribution.objects.filter(case__course_key__in=course_keys, hidden=False,
                                                                  **period)
                                  .values("case__community_id").annotate(n=Count("id"))
                                  .values_list("case__community_id", "n")),
        "posts": _counted(Post.objects.filter(course_key__in=course_keys, status=Post.PUBLISHED, hidden=False,
                                              deleted=False, **period)
                          .values("community_id").annotate(n=Count("id")).values_list("community_id", "n")),
        "ideas": _counted(Idea.objects.filter(brainstorm__course_key__in=course_keys, hidden=False, **period)
                          .values("brainstorm__community_id").annotate(n=Count("id"))
                          .values_list("brainstorm__community_id", "n")),
        "on_my_cases": _counted(CaseContribution.objects.filter(case__course_key__in=course_keys,
                                                                case__owner_id__in=owners, hidden=False, **period)
                                .exclude(author_id=F("case__owner_id"))
                                .values("case__owner_id").annotate(n=Count("id"))
                                .values_list("case__owner_id", "n")),
        "feedback": _counted(JournalFeedback.objects.filter(entry__course_key__in=course_keys,
                                                            entry__user_id__in=authors, **period)
                             .values("entry__user_id").annotate(n=Count("id")).values_list("entry__user_id", "n")),
        "reports": _counted(Report.objects.filter(community_id__in=led, **period)
                            .values("community_id").annotate(n=Count("id")).values_list("community_id", "n")),
    }


def _digest_lines(frequency, wants, facts, communities_of, led_of):
    """The lines of one person's digest (translated in the active language), [] when nothing happened."""
    lines = []
    if wants["activity"] == frequency:
        for community_id, name in communities_of:
            counts = [
                # Translators: lines of the digest; {count} is a number.
                (facts["cases"].get(community_id, 0), _("new cases presented: {count}")),
                (facts["contributions"].get(community_id, 0), _("contributions in the cases: {count}")),
                (facts["posts"].get(community_id, 0), _("messages in the discussion: {count}")),
                (facts["ideas"].get(community_id, 0), _("ideas in the brainstorms: {count}")),
            ]
            said = [text.format(count=count) for count, text in counts if count]
            if said:
                # Translators: {community} is a community, {facts} a list such as « messages in the discussion: 3 ».
                # Translators: what separates the facts of one line of a digest (French: " ; ").
                separator = _("; ")
                lines.append(_("« {community} »: {facts}.").format(community=name, facts=separator.join(said)))
    personal = wants["_user"]
    if wants["contribution"] == frequency and facts["on_my_cases"].get(personal):
        lines.append(_("Contributions in the cases you presented: {count}.").format(
            count=facts["on_my_cases"][personal]))
    if wants["feedback"] == frequency and facts["feedback"].get(personal):
        lines.append(_("Feedback from your facilitators on your journal entries: {count}.").format(
            count=facts["feedback"][personal]))
    if wants["report"] == frequency:
        for community_id, name in led_of:
            if facts["reports"].get(community_id):
                # Translators: {community} is a community the recipient facilitates; {count} a number.
                lines.append(_("Reports in « {community} »: {count}.").format(
                    community=name, count=facts["reports"][community_id]))
    return lines


def _digest_message(frequency, facts, *, contact, place, wants, page_url, unsubscribe_url):
    """The context of one person's digest in the active language, or None when nothing happened for them."""
    communities_seen = sorted(set(place["member"]) | set(place["led"]), key=lambda item: item[1])
    lines = _digest_lines(frequency, wants, facts, communities_seen, place["led"])
    if not lines:
        return None
    subject = _("Your daily digest of the community") if frequency == DAILY else _(
        "Your weekly digest of the community")
    reason = _("You receive this digest because you chose it in your notification preferences.")
    return _context(contact.language, subject, lines, page_url=page_url, unsubscribe_url=unsubscribe_url,
                    reason=reason)


def send_digests(frequency, today=None, course_key=None):
    """Send the daily or weekly digest of the period that just ended to everybody who wants it.

    Idempotent per period: a second run (after a crash, or twice by mistake) sends nothing already claimed.
    The number of queries depends on the number of recipients, never on how much happened. Returns ``DigestRun``.
    """
    frequency = as_choice(frequency, "frequency", (DAILY, WEEKLY))
    start, end, label = digest_period(frequency, today)
    members = Membership.objects.filter(community__archived=False)
    leads = FacilitatorRole.objects.filter(community__archived=False)
    if course_key:
        members = members.filter(course_key=course_key)
        leads = leads.filter(community__course_key=course_key)
    people_of = {}  # (course, user) -> {"member": [(id, name)], "led": [(id, name)]}
    member_rows = members.values_list("user_id", "course_key", "community_id", "community__name")
    for user_id, course, community_id, name in member_rows:
        people_of.setdefault((course, user_id), {"member": [], "led": []})["member"].append((community_id, name))
    led_rows = leads.values_list("user_id", "community__course_key", "community_id", "community__name")
    for user_id, course, community_id, name in led_rows:
        people_of.setdefault((course, user_id), {"member": [], "led": []})["led"].append((community_id, name))
    run = DigestRun(frequency=frequency, period=label)
    if not people_of:
        return run
    course_keys = sorted({course for course, _user in people_of})
    user_ids = sorted({user for _course, user in people_of})
    chosen = {}
    for course, user_id, kind, value in NotificationPreference.objects.filter(
            course_key__in=course_keys, user_id__in=user_ids).values_list("course_key", "user_id", "kind", "frequency"):
        chosen[(course, user_id, kind)] = value
    wants_of = {
        key: {kind.key: chosen.get((key[0], key[1], kind.key), kind.default) for kind in KINDS}
        for key in people_of
    }
    receiving = [key for key, wants in wants_of.items() if frequency in wants.values()]
    led = [community_id for key in receiving for community_id, _name in people_of[key]["led"]]
    receivers = sorted({user for _course, user in receiving})
    facts = _digest_facts(course_keys, (start, end), receivers, receivers, led)
    contacts = platform.user_contacts(receivers) if receivers else {}
    links = _links_of_courses(course_keys)
    tokens = {}
    for course in course_keys:
        in_course = [user for c, user in receiving if c == course and user in contacts]
        if in_course:
            tokens.update({(course, user): token for user, token in tokens_for(course, in_course).items()})
    counts = {"sent": 0, "already_sent": 0, "failed": 0, "empty": 0}
    sent_to = []
    for course, user_id in sorted(receiving):
        contact = contacts.get(user_id)
        if contact is None:
            continue
        place = people_of[(course, user_id)]
        wants = dict(wants_of[(course, user_id)], _user=user_id)
        page_url, base = links.get(course, ("", ""))

        build = functools.partial(_digest_message, frequency, facts, contact=contact, place=place, wants=wants,
                                  page_url=page_url,
                                  unsubscribe_url=_unsubscribe_link(base, tokens.get((course, user_id), "")))
        outcome = _deliver(message_key("digest", frequency, label, course, user_id), "digest", "digest", contact,
                           course_key=course, build=build)
        counts[outcome] += 1
        if outcome == "sent":
            sent_to.append(user_id)
    return DigestRun(frequency=frequency, period=label, recipients=sent_to, **counts)


def retire_user(user_id):
    """Retirement: the person's notification choices, unsubscribe tokens, sent log and visits are deleted."""
    from ..models import LastVisit  # pylint: disable=import-outside-toplevel

    user_id = str(user_id)
    return sum(model.objects.filter(user_id=user_id).delete()[0]
               for model in (NotificationPreference, UnsubscribeToken, SentNotification, LastVisit))
