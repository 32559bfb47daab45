"""The Open edX mobile apps: ``student_view_data`` (the activity) and ``mobile_data`` (the person's part).

The platform's Course Blocks API collects ``student_view_data()`` once per
course, with no user, and serves the result to every learner
(``lms/djangoapps/course_api/blocks/transformers/student_view.py``): it must
not depend on who asks. The person's part comes from the ``mobile_data``
handler, which the apps call with the learner's token (the LMS's handler
view accepts JWT and OAuth2). See docs/mobile.md.
"""

from ..api import mobile
from .base import json_handler
from .host import BlockHost


class MobileHandlers(BlockHost):
    """Mixin of the block: the JSON the mobile apps show."""

    def _mobile_block_data(self, role="learner", waiting=False):
        shown = self.mobile_sections_for(role, waiting)
        return mobile.block_data(self.block_settings(), [(key, self.section_label(key)) for key in shown])

    def student_view_data(self, context=None):  # pylint: disable=unused-argument
        """The activity as the mobile apps list it (a learner's sections): the same for everyone, nothing personal."""
        return self._mobile_block_data()

    @json_handler("GET")
    def mobile_data(self, actor, payload):  # pylint: disable=unused-argument
        """The activity and, under ``me``, the person's community, counts, what is expected of them, progress."""
        personal = mobile.personal_data(actor, settings=self.block_settings())
        block = self._mobile_block_data(personal["role"], personal["waiting"])
        return dict(block, me=personal)
