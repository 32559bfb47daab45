"""Handlers of « Modération »: reports, the review queue, actions on posts and members, the moderation log.

Every rule (who moderates which community, staff-only permanent delete) is in ``api/moderation.py``.
The four lists are rendered on the server, in the first view and, with ``answer``: ``fragment``, in the
answers of their handlers (``{html, pager_html}``).
"""

import hashlib

from .. import platform
from ..api import access, communities, moderation
from ..api.data import to_json
from ..dates import format_datetime
from ..errors import CapError
from ..i18n import gettext as _
from .base import Section, json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission

# The texts moderation.js writes itself (its reason forms); the others are the rows' texts, written here.
SCRIPT_STRINGS = ("moderation_hide_send", "moderation_reject_send", "moderation_ask_reason")


class ModerationHandlers(BlockHost):
    """Mixin of the block: moderation for the facilitators of a community and course staff."""

    def _moderated(self, name, result, **data):
        platform.publish_event(self, f"cap.moderation.{name}", dict(result, **data))
        return result

    @json_handler("POST")
    @once_per_submission("report")
    def moderation_report(self, actor, payload):
        """Any member reports a post, a case contribution or an idea: ``post_id`` (or ``contribution_id``,
        ``idea_id``), ``reason``."""
        kind, item_id = _target(payload)
        report_id = moderation.report_item(actor, kind=kind, item_id=item_id, reason=payload.get("reason"))
        platform.publish_event(self, "cap.moderation.reported", {"report_id": report_id, "kind": kind,
                                                                 f"{kind}_id": item_id})
        return {"id": report_id}

    @json_handler("GET")
    def moderation_queue(self, actor, payload):
        """A page of a community's open reports: ``community_id``, ``page``."""
        page = moderation.review_queue(actor, community_id=payload.get("community_id"), page=payload.get("page"))
        return self._moderation_list("queue", page) if wants_fragment(payload) else to_json(page)

    @json_handler("GET")
    def moderation_pending(self, actor, payload):
        """A page of a community's posts awaiting approval: ``community_id``, ``page``."""
        page = moderation.pending_posts(actor, community_id=payload.get("community_id"), page=payload.get("page"))
        return self._moderation_list("pending", page) if wants_fragment(payload) else to_json(page)

    @json_handler("GET")
    def moderation_mutes(self, actor, payload):
        """A page of a community's muted members: ``community_id``, ``page``."""
        page = moderation.muted_members(actor, community_id=payload.get("community_id"), page=payload.get("page"))
        return self._moderation_list("mutes", page) if wants_fragment(payload) else to_json(page)

    @json_handler("GET")
    def moderation_log(self, actor, payload):
        """A page of a community's « Journal de modération », newest first: ``community_id``, ``page``."""
        page = moderation.moderation_log(actor, community_id=payload.get("community_id"), page=payload.get("page"))
        return self._moderation_list("log", page) if wants_fragment(payload) else to_json(page)

    def _moderation_list(self, kind, page):
        """One list of the moderation desk, rendered: its items and its pager."""
        return {"html": self._render("moderation_list.html", kind=kind, rows=_rows(kind, page.items)),
                "pager_html": self._render("pager.html", page=page)}

    @json_handler("POST")
    def moderation_hide(self, actor, payload):
        """Hide a post, a case contribution or an idea with a reason: ``post_id`` (or ``contribution_id``,
        ``idea_id``), ``reason``."""
        kind, item_id = _target(payload)
        return self._moderated("hidden", moderation.hide_item(actor, kind=kind, item_id=item_id,
                                                              reason=payload.get("reason")))

    @json_handler("POST")
    def moderation_restore(self, actor, payload):
        """Show a hidden post, contribution or idea again: ``post_id`` (or ``contribution_id``, ``idea_id``),
        ``reason`` (optional)."""
        kind, item_id = _target(payload)
        return self._moderated("restored", moderation.restore_item(actor, kind=kind, item_id=item_id,
                                                                   reason=payload.get("reason", "")))

    @json_handler("POST")
    def moderation_pin(self, actor, payload):
        """Pin or unpin a thread: ``post_id``, ``pinned``."""
        return self._moderated("pinned", moderation.pin_thread(actor, post_id=payload.get("post_id"),
                                                               pinned=payload.get("pinned", True)))

    @json_handler("POST")
    def moderation_lock(self, actor, payload):
        """Lock or unlock a thread: ``post_id``, ``locked``, ``reason`` (optional)."""
        return self._moderated("locked", moderation.lock_thread(actor, post_id=payload.get("post_id"),
                                                                locked=payload.get("locked", True),
                                                                reason=payload.get("reason", "")))

    @json_handler("POST")
    def moderation_approve(self, actor, payload):
        """Publish a post awaiting approval: ``post_id``."""
        return self._moderated("approved", moderation.approve_post(actor, post_id=payload.get("post_id")))

    @json_handler("POST")
    def moderation_reject(self, actor, payload):
        """Refuse a post awaiting approval: ``post_id``, ``reason``."""
        return self._moderated("rejected", moderation.reject_post(actor, post_id=payload.get("post_id"),
                                                                  reason=payload.get("reason")))

    @json_handler("POST")
    def moderation_delete(self, actor, payload):
        """Delete a post and its replies for good (course staff only): ``post_id``, ``reason``."""
        return self._moderated("deleted", moderation.delete_permanently(actor, post_id=payload.get("post_id"),
                                                                        reason=payload.get("reason")))

    @json_handler("POST")
    def moderation_dismiss(self, actor, payload):
        """Close a report without acting on the post: ``report_id``."""
        return self._moderated("dismissed", moderation.dismiss_report(actor, report_id=payload.get("report_id")))

    @json_handler("POST")
    def moderation_mute(self, actor, payload):
        """Mute a member: ``community_id``, ``user_id``, ``days`` (1 to 90), ``reason``."""
        mute = moderation.mute_member(actor, community_id=payload.get("community_id"), user_id=payload.get("user_id"),
                                      days=payload.get("days"), reason=payload.get("reason", ""))
        platform.publish_event(self, "cap.moderation.muted", {"community_id": payload.get("community_id"),
                                                              "user_id": mute.user_id, "until": mute.until})
        return to_json(mute)

    @json_handler("POST")
    def moderation_unmute(self, actor, payload):
        """Let a muted member post again: ``community_id``, ``user_id``."""
        result = moderation.unmute_member(actor, community_id=payload.get("community_id"),
                                          user_id=payload.get("user_id"))
        platform.publish_event(self, "cap.moderation.unmuted", {"community_id": payload.get("community_id"),
                                                                "user_id": result["user_id"]})
        return result

    # --- the section of the learner view --------------------------------------------

    # Every section renderer takes (actor, view): block.render_one_section calls them alike.
    def render_moderation_section(self, actor, community_view):  # pylint: disable=unused-argument
        """The moderation desk, for the facilitators of a community and staff; None for everyone else."""
        try:
            community_id, roles = access.resolve_community(actor)
        except CapError:
            return None  # no community yet: nothing to moderate (the discussion section says why)
        if not moderation.can_moderate(actor, community_id=community_id, roles=roles):
            return None
        choices = access.communities_to_choose(actor, roles=roles, own=True, limit=100)
        lists = {
            "queue": moderation.review_queue(actor, community_id=community_id),
            "pending": moderation.pending_posts(actor, community_id=community_id),
            "mutes": moderation.muted_members(actor, community_id=community_id),
            "log": moderation.moderation_log(actor, community_id=community_id),
        }
        html = self._render(
            "moderation.html",
            lists={kind: {"rows": _rows(kind, page.items), "page": page} for kind, page in lists.items()},
            uid="cap-moderation-" + hashlib.sha1(actor.block_key.encode("utf-8")).hexdigest()[:8],
            community_id=community_id,
            choices=choices,
            max_days=moderation.MAX_MUTE_DAYS,
            members=communities.get_community(actor, community_id=community_id).members,
        )
        texts = _strings()
        return Section(key="moderation", title=_("Moderation"), html=html, js_files=["moderation.js"],
                       strings={key: texts[key] for key in SCRIPT_STRINGS})


def _target(payload):
    """``(kind, id)`` of what a moderation request is about: ``contribution_id``, ``idea_id`` or ``post_id``."""
    for kind in ("contribution", "idea"):
        if payload.get(f"{kind}_id") not in (None, ""):
            return kind, payload.get(f"{kind}_id")
    return "post", payload.get("post_id")


def _rows(kind, items):
    """What each row of a moderation list says, in the reader's language (the templates add the buttons)."""
    strings = _strings()
    rows = []
    for item in items:
        reason = _("Reason: {reason}").format(reason=item.reason) if getattr(item, "reason", "") else ""
        if kind == "log":
            action = strings.get(f"moderation_action_{item.action}_{item.kind}") or strings.get(
                f"moderation_action_{item.action}") or item.action
            rows.append({"id": item.id, "when": item.created_at, "moderator": item.moderator, "action": action,
                         "target": item.target, "excerpt": item.excerpt, "reason": reason})
        elif kind == "queue":
            said = _("Reported by {name}: {reason}").format(name=item.reporter, reason=item.reason) \
                if item.reporter else reason
            rows.append({"id": item.id, "kind": item.kind,
                         "kind_label": strings.get(f"moderation_kind_{item.kind}", ""),
                         "excerpt": item.post_excerpt, "by": _("By {name}").format(name=item.post_author),
                         "hidden": item.post_hidden, "said": said,
                         "target": {"contribution": "contribution_id", "idea": "idea_id"}.get(item.kind, "post_id"),
                         "target_id": item.item_id or item.post_id})
        elif kind == "pending":
            rows.append({"id": item["id"], "title": item["title"], "by": _("By {name}").format(name=item["author"]),
                         "anonymous": item["anonymous"], "when": item["created_at"], "body_html": item["body_html"]})
        else:
            rows.append({"id": item.user_id, "name": item.name, "reason": reason,
                         "until": _("Muted until {date}").format(date=format_datetime(item.until, zone=True))})
    return rows


def _strings():
    return {
        "moderation_reported_by": _("Reported by {name}: {reason}"),
        "moderation_reason": _("Reason: {reason}"),
        "moderation_by": _("By {name}"),
        "moderation_hide": _("Hide"),
        "moderation_hide_send": _("Confirm hiding"),
        "moderation_reject_send": _("Reject the message"),
        "moderation_dismiss": _("Dismiss"),
        "moderation_approve": _("Approve"),
        "moderation_reject": _("Reject"),
        "moderation_unmute": _("Unmute"),
        "moderation_until": _("Muted until {date}"),
        "moderation_hidden": _("Hidden"),
        "moderation_ask_reason": _("Reason (the author will see it)"),
        "moderation_anonymous": _("posted anonymously to the other members"),
        "moderation_action_hide": _("hid a message"),
        "moderation_action_restore": _("restored a message"),
        "moderation_action_pin": _("pinned a thread"),
        "moderation_action_unpin": _("unpinned a thread"),
        "moderation_action_lock": _("locked a thread"),
        "moderation_action_unlock": _("unlocked a thread"),
        "moderation_action_mute": _("muted a member"),
        "moderation_action_unmute": _("unmuted a member"),
        "moderation_action_delete": _("deleted a message for good"),
        "moderation_action_approve": _("approved a message"),
        "moderation_action_reject": _("rejected a message"),
        "moderation_action_dismiss": _("dismissed a report"),
        "moderation_action_hide_contribution": _("hid a case contribution"),
        "moderation_action_restore_contribution": _("restored a case contribution"),
        "moderation_action_hide_idea": _("hid an idea"),
        "moderation_action_restore_idea": _("restored an idea"),
        "moderation_kind_contribution": _("Case contribution:"),
        "moderation_kind_idea": _("Idea:"),
    }
