"""Handlers of « Discussion »: threads, replies, edits, "Utile", for the members of a community."""

import hashlib

from .. import permissions, platform
from ..api import access, discussion, moderation
from ..api.data import to_json
from ..i18n import gettext as _
from .base import Section, json_handler
from .host import BlockHost
from .submissions import once_per_submission


class DiscussionHandlers(BlockHost):
    """Mixin of the block: the discussion of the person's community in this block."""

    def discussion_settings(self):
        """The block's ``DiscussionSettings`` (anonymous posts, pre-moderation, posting rate)."""
        rate = self.post_rate_limit if isinstance(self.post_rate_limit, int) else discussion.DEFAULT_RATE
        return discussion.DiscussionSettings(allow_anonymous=bool(self.allow_anonymous_posts),
                                             premoderation=bool(self.premoderation), rate_limit=max(0, rate))

    @json_handler("GET")
    def discussion_threads(self, actor, payload):
        """A page of the threads of the person's community (``community_id`` for facilitators and staff)."""
        return to_json(discussion.list_threads(actor, payload.get("community_id"), page=payload.get("page")))

    @json_handler("GET")
    def discussion_thread(self, actor, payload):
        """A thread and a page of its replies; marks it read for the person."""
        view = discussion.get_thread(actor, payload.get("thread_id"), page=payload.get("page"))
        return {"thread": to_json(view.thread), "replies": to_json(view.replies), "can_moderate": view.can_moderate}

    @json_handler("POST")
    @once_per_submission("thread")
    def discussion_start(self, actor, payload):
        """Open a thread: ``title``, ``body`` (Markdown subset), ``anonymous``, ``community_id`` (optional)."""
        post = discussion.start_thread(actor, self.discussion_settings(), payload.get("title"), payload.get("body"),
                                       community_id=payload.get("community_id"),
                                       anonymous=payload.get("anonymous", False))
        platform.publish_event(self, "cap.discussion.thread_started", _event(post))
        return to_json(post)

    @json_handler("POST")
    @once_per_submission("reply")
    def discussion_reply(self, actor, payload):
        """Reply to a thread or a reply: ``parent_id``, ``body``, ``anonymous``."""
        post = discussion.reply(actor, self.discussion_settings(), payload.get("parent_id"), payload.get("body"),
                                anonymous=payload.get("anonymous", False))
        platform.publish_event(self, "cap.discussion.replied", _event(post))
        return to_json(post)

    @json_handler("POST")
    def discussion_edit(self, actor, payload):
        """The author changes their post: ``post_id``, ``body``, ``title`` (threads)."""
        post = discussion.edit_post(actor, payload.get("post_id"), payload.get("body"), title=payload.get("title"),
                                    settings=self.discussion_settings())
        platform.publish_event(self, "cap.discussion.edited", _event(post))
        return to_json(post)

    @json_handler("POST")
    def discussion_delete(self, actor, payload):
        """The author deletes their post (it shows as deleted): ``post_id``."""
        post = discussion.delete_own_post(actor, payload.get("post_id"))
        platform.publish_event(self, "cap.discussion.deleted", _event(post))
        return to_json(post)

    @json_handler("POST")
    def discussion_useful(self, actor, payload):
        """Mark a post "Utile" or take it back: ``post_id``, ``useful`` (true/false)."""
        result = discussion.mark_useful(actor, payload.get("post_id"), payload.get("useful", True))
        platform.publish_event(self, "cap.discussion.marked_useful",
                               {"post_id": result["id"], "useful": result["useful_mine"]})
        return result

    @json_handler("GET")
    def discussion_versions(self, actor, payload):
        """The earlier texts of an edited post (the community's facilitators and staff)."""
        return {"versions": discussion.post_versions(actor, payload.get("post_id"))}

    # --- the section of the learner view --------------------------------------------

    # Every section renderer takes (actor, view): block.render_one_section calls them alike.
    def render_discussion_section(self, actor, community_view):  # pylint: disable=unused-argument
        """The discussion of the person's community: the form to open a thread and the first page of threads."""
        community_id, roles = access.resolve_community(actor)
        threads = discussion.list_threads(actor, community_id)
        settings = self.discussion_settings()
        html = self._render(
            "discussion.html",
            uid="cap-discussion-" + hashlib.sha1(actor.block_key.encode("utf-8")).hexdigest()[:8],
            community_id=community_id,
            choices=access.communities_to_choose(actor, roles, own=True, limit=100) if not roles.member_of else [],
            threads=threads,
            settings=settings,
            can_moderate=moderation.can_moderate(actor, community_id, roles),
            is_staff=roles.is_staff,
            read_only=permissions.is_read_only(roles, community_id),
        )
        return Section(key="discussion", title=_("Discussion"), html=html, js_files=["discussion.js"],
                       strings=_strings())


def _event(post):
    return {"post_id": post.id, "thread_id": post.thread_id, "depth": post.depth, "status": post.status,
            "anonymous": post.anonymous}


def _strings():
    return {
        "discussion_reply": _("Reply"),
        "discussion_edit": _("Edit"),
        "discussion_delete": _("Delete"),
        "discussion_confirm_delete": _("Delete this message? Its place in the thread shows it was deleted."),
        "discussion_useful": _("Useful ({count})"),
        "discussion_report": _("Report"),
        "discussion_report_reason": _("Why are you reporting this message? Only the facilitation reads it."),
        "discussion_report_send": _("Send the report"),
        "discussion_reported": _("Thank you. The facilitation will look at this message."),
        "discussion_send": _("Send"),
        "discussion_back": _("Back to the threads"),
        "discussion_new": _("New"),
        "discussion_edited": _("edited"),
        "discussion_anonymous_you": _("(anonymous to the other members)"),
        "discussion_deleted": _("This message was deleted by its author."),
        "discussion_hidden": _("This message was hidden by the facilitation."),
        "discussion_hidden_mine": _("Hidden by the facilitation. Reason: {reason}"),
        "discussion_pending": _("Awaiting approval: only you and the facilitation see it for now."),
        "discussion_rejected": _("Not approved by the facilitation. Reason: {reason}"),
        "discussion_locked": _("This thread is locked: no new replies."),
        "discussion_pinned": _("Pinned"),
        "discussion_replies": _("Replies: {count}"),
        "discussion_posted": _("Your message is published."),
        "discussion_posted_pending": _("Your message is waiting for the facilitation's approval."),
        "discussion_your_reply": _("Your reply"),
        "discussion_hide": _("Hide"),
        "discussion_hide_reason": _("Why hide this message? Its author will see this reason."),
        "discussion_hide_send": _("Hide the message"),
        "discussion_restore": _("Restore"),
        "discussion_pin": _("Pin"),
        "discussion_unpin": _("Unpin"),
        "discussion_lock": _("Lock"),
        "discussion_unlock": _("Unlock"),
        "discussion_approve": _("Approve"),
        "discussion_reject": _("Reject"),
        "discussion_reject_reason": _("Why is this message not approved? Its author will see this reason."),
        "discussion_reject_send": _("Reject the message"),
        "discussion_erase": _("Delete for good"),
        "discussion_erase_reason": _("Why delete this message for good? It cannot be undone."),
        "discussion_erase_send": _("Delete the message for good"),
        "discussion_versions": _("Earlier versions"),
        "discussion_reports": _("Open reports: {count}"),
        "discussion_done": _("Done."),
        "discussion_title": _("Title"),
        "discussion_anon_label": _("Post anonymously to the other members"),
        "discussion_anon_help": _("The other members will not see your name. The facilitators and the course team "
                                  "still see who wrote it."),
        "discussion_awaiting": _("Awaiting approval"),
        "discussion_locked_badge": _("Locked"),
        "discussion_hidden_badge": _("Hidden"),
    }
