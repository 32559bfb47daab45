"""Handlers of « Discussion »: threads, replies, edits, "Utile", for the members of a community.

Answers carry the data. The section's script asks for the server-rendered part instead (``answer``:
``fragment``): the list of threads, a thread with a page of replies, the new reply, the « Utile » button.
"""

import hashlib
from functools import cached_property

from .. import permissions, platform
from ..api import access, discussion, moderation
from ..api.data import to_json
from ..i18n import gettext as _
from .base import Section, json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission


class DiscussionHandlers(BlockHost):
    """Mixin of the block: the discussion of the person's community in this block."""

    # Its Studio settings, defined by its declaration's ``fields`` (annotations only: the block's fields answer).
    allow_anonymous_posts: bool
    premoderation: bool
    post_rate_limit: int

    def discussion_settings(self):
        """The block's discussion settings (anonymous posts, pre-moderation, posting rate): the attributes of
        a ``DiscussionSettings``, each read from its Studio field the first time it is asked for."""
        return _StudioSettings(self)

    @json_handler("GET")
    def discussion_threads(self, actor, payload):
        """A page of the threads of the person's community (``community_id`` for facilitators and staff).
        With ``answer``: ``fragment``, ``{html}``: the list rendered."""
        threads = discussion.list_threads(actor, community_id=payload.get("community_id"), page=payload.get("page"))
        if wants_fragment(payload):
            return {"html": self._render("discussion_threads.html", threads=threads,
                                         community_id=payload.get("community_id") or "")}
        return to_json(threads)

    @json_handler("GET")
    def discussion_thread(self, actor, payload):
        """A thread and a page of its replies; marks it read for the person."""
        view = discussion.get_thread(actor, thread_id=payload.get("thread_id"), page=payload.get("page"))
        if wants_fragment(payload):
            html = self._render("discussion_thread.html", d=view, is_staff=actor.is_staff)
            return {"id": view.thread.id, "html": html}
        return {"thread": to_json(view.thread), "replies": to_json(view.replies), "can_moderate": view.can_moderate}

    @json_handler("POST")
    @once_per_submission("thread")
    def discussion_start(self, actor, payload):
        """Open a thread: ``title``, ``body`` (Markdown subset), ``anonymous``, ``community_id`` (optional)."""
        post = discussion.start_thread(actor, settings=self.discussion_settings(), title=payload.get("title"),
                                       body=payload.get("body"),
                                       community_id=payload.get("community_id"),
                                       anonymous=payload.get("anonymous", False))
        platform.publish_event(self, "cap.discussion.thread_started", _event(post))
        return to_json(post)

    @json_handler("POST")
    @once_per_submission("reply")
    def discussion_reply(self, actor, payload):
        """Reply to a thread or a reply: ``parent_id``, ``body``, ``anonymous``."""
        post = discussion.reply(actor, settings=self.discussion_settings(), parent_id=payload.get("parent_id"),
                                body=payload.get("body"),
                                anonymous=payload.get("anonymous", False))
        platform.publish_event(self, "cap.discussion.replied", _event(post))
        if wants_fragment(payload):
            return {"id": post.id, "parent_id": post.parent_id, "depth": post.depth, "status": post.status,
                    "html": self._post_html(actor, post)}
        return to_json(post)

    def _post_html(self, actor, post):
        """One post, rendered for its author right after they wrote it."""
        # Only the community's moderators may reply in a locked thread, and a facilitator sees no other
        # community than theirs: whoever leads a community, or is course staff, moderates this one.
        roles = access.roles_of(actor)
        can_moderate = roles.is_staff or bool(roles.leads)
        return self._render("discussion_post.html", p=post, locked=False, can_moderate=can_moderate,
                            is_staff=actor.is_staff)

    @json_handler("POST")
    def discussion_edit(self, actor, payload):
        """The author changes their post: ``post_id``, ``body``, ``title`` (threads)."""
        post = discussion.edit_post(actor, post_id=payload.get("post_id"), body=payload.get("body"),
                                    title=payload.get("title"),
                                    settings=self.discussion_settings())
        platform.publish_event(self, "cap.discussion.edited", _event(post))
        return to_json(post)

    @json_handler("POST")
    def discussion_delete(self, actor, payload):
        """The author deletes their post (it shows as deleted): ``post_id``."""
        post = discussion.delete_own_post(actor, post_id=payload.get("post_id"))
        platform.publish_event(self, "cap.discussion.deleted", _event(post))
        return to_json(post)

    @json_handler("POST")
    def discussion_useful(self, actor, payload):
        """Mark a post "Utile" or take it back: ``post_id``, ``useful`` (true/false)."""
        result = discussion.mark_useful(actor, post_id=payload.get("post_id"), useful=payload.get("useful", True))
        platform.publish_event(self, "cap.discussion.marked_useful",
                               {"post_id": result["id"], "useful": result["useful_mine"]})
        if wants_fragment(payload):
            result = dict(result, html=self._render("discussion_useful.html", p=result))
        return result

    @json_handler("GET")
    def discussion_versions(self, actor, payload):
        """The earlier texts of an edited post (the community's facilitators and staff)."""
        versions = discussion.post_versions(actor, post_id=payload.get("post_id"))
        if wants_fragment(payload):
            return {"html": self._render("discussion_versions.html", versions=versions)}
        return {"versions": versions}

    # --- the section of the learner view --------------------------------------------

    # Every section renderer takes (actor, view): block.render_one_section calls them alike.
    def render_discussion_section(self, actor, community_view):  # pylint: disable=unused-argument
        """The discussion of the person's community: the form to open a thread and the first page of threads."""
        community_id, roles = access.resolve_community(actor)
        threads = discussion.list_threads(actor, community_id=community_id)
        settings = self.discussion_settings()
        html = self._render(
            "discussion.html",
            uid="cap-discussion-" + hashlib.sha1(actor.block_key.encode("utf-8")).hexdigest()[:8],
            community_id=community_id,
            choices=access.communities_to_choose(actor, roles=roles, own=True,
                                                 limit=100) if not roles.member_of else [],
            threads=threads,
            settings=settings,
            can_moderate=moderation.can_moderate(actor, community_id=community_id, roles=roles),
            is_staff=roles.is_staff,
            read_only=permissions.is_read_only(roles, community_id),
        )
        return Section(key="discussion", title=_("Discussion"), html=html, js_files=["discussion.js"],
                       strings=_strings())


class _StudioSettings:
    """The attributes of ``discussion.DiscussionSettings``, each read from the block's Studio field on first use.

    A write decides on one or two of them (the posting rate; pre-moderation for members; anonymity when it
    is asked for), and in some runtimes every field read is a query.
    """

    def __init__(self, block):
        self._block = block

    @cached_property
    def allow_anonymous(self):
        return bool(self._block.allow_anonymous_posts)

    @cached_property
    def premoderation(self):
        return bool(self._block.premoderation)

    @cached_property
    def rate_limit(self):
        rate = self._block.post_rate_limit
        return max(0, rate if isinstance(rate, int) else discussion.DEFAULT_RATE)


def _event(post):
    return {"post_id": post.id, "thread_id": post.thread_id, "depth": post.depth, "status": post.status,
            "anonymous": post.anonymous}


def _strings():
    return {
        "discussion_edit": _("Edit"),
        "discussion_confirm_delete": _("Delete this message? Its place in the thread shows it was deleted."),
        "discussion_report_reason": _("Why are you reporting this message? Only the facilitation reads it."),
        "discussion_report_send": _("Send the report"),
        "discussion_reported": _("Thank you. The facilitation will look at this message."),
        "discussion_send": _("Send"),
        "discussion_posted": _("Your message is published."),
        "discussion_posted_pending": _("Your message is waiting for the facilitation's approval."),
        "discussion_your_reply": _("Your reply"),
        "discussion_hide_reason": _("Why hide this message? Its author will see this reason."),
        "discussion_hide_send": _("Hide the message"),
        "discussion_reject_reason": _("Why is this message not approved? Its author will see this reason."),
        "discussion_reject_send": _("Reject the message"),
        "discussion_erase_reason": _("Why delete this message for good? It cannot be undone."),
        "discussion_erase_send": _("Delete the message for good"),
        "discussion_done": _("Done."),
        "discussion_title": _("Title"),
        "discussion_anon_label": _("Post anonymously to the other members"),
        "discussion_anon_help": _("The other members will not see your name. The facilitators and the course team "
                                  "still see who wrote it."),
    }
