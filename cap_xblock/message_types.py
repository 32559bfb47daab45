"""The edx-ace message types of cap_xblock. Imported only by ``platform.send_message`` (edx-ace is the platform's).

Each type's templates are ``templates/cap_xblock/edx_ace/<name>/email/`` (subject, from name, head, body text
and HTML); their texts arrive in the context already translated into the recipient's language.
"""

from edx_ace.message import MessageType


class CapMessageType(MessageType):
    """Every cap_xblock message: transactional (sent whatever the platform's marketing opt-outs say)."""

    APP_LABEL = "cap_xblock"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options["transactional"] = True


class CaseContribution(CapMessageType):
    """Someone wrote in a case the recipient presented."""

    NAME = "casecontribution"


class JournalFeedback(CapMessageType):
    """A facilitator answered a journal entry the recipient shared."""

    NAME = "journalfeedback"


class ItemReported(CapMessageType):
    """Something was reported in a community the recipient facilitates."""

    NAME = "itemreported"


class SessionTomorrow(CapMessageType):
    """A session of the recipient's community starts tomorrow."""

    NAME = "sessiontomorrow"


class Digest(CapMessageType):
    """The daily or weekly digest of what happened in the recipient's communities."""

    NAME = "digest"


BY_NAME = {kind.NAME: kind for kind in (CaseContribution, JournalFeedback, ItemReported, SessionTomorrow, Digest)}
