"""Django models of the CAP shared data. Only `cap_xblock.api` uses them."""

from .brainstorm import Brainstorm, Idea, Theme, Vote
from .cases import Case, CaseContribution, CaseDeadline, UsefulMark
from .charter import CharterAcceptance, CharterVersion
from .community import Community, CourseConfig, Departure, FacilitatorRole, Membership, Participant
from .discussion import Post, PostVersion, Reaction, ThreadRead
from .journal import JournalEntry, JournalFeedback, JournalVersion
from .knowledge import (DirectoryEntry, KnowledgeSheet, SheetConsent, SheetPublication, SheetQuote, SheetTheme,
                        SheetUsefulMark)
from .moderation import ModerationAction, Mute, Report
from .notifications import BlockLinks, LastVisit, NotificationPreference, SentNotification, UnsubscribeToken
from .sessions import (AgendaItem, Attendance, CalendarToken, LiveRun, MinutesVersion, NoticeRead, Rsvp, Session,
                       SessionNotice)
from .submissions import Submission

__all__ = ["Community", "CourseConfig", "Departure", "FacilitatorRole", "Membership", "Participant"]
__all__ += ["JournalEntry", "JournalFeedback", "JournalVersion"]
__all__ += ["Case", "CaseContribution", "CaseDeadline", "UsefulMark"]
__all__ += ["Brainstorm", "Idea", "Theme", "Vote"]
__all__ += ["CharterAcceptance", "CharterVersion"]
__all__ += ["Post", "PostVersion", "Reaction", "ThreadRead", "ModerationAction", "Mute", "Report"]
__all__ += ["Submission"]
__all__ += ["AgendaItem", "Attendance", "CalendarToken", "LiveRun", "MinutesVersion", "NoticeRead", "Rsvp", "Session",
            "SessionNotice"]
__all__ += ["KnowledgeSheet", "SheetConsent", "SheetPublication", "SheetQuote", "SheetTheme", "SheetUsefulMark"]
__all__ += ["DirectoryEntry"]
__all__ += ["BlockLinks", "LastVisit", "NotificationPreference", "SentNotification", "UnsubscribeToken"]
