"""« Charte de la communauté »: read and accept it before writing; facilitators edit it."""

from ..api import charter
from ..handlers.charter import CharterHandlers
from ..i18n import gettext_lazy
from .registry import Capability, register

CAPABILITY = register(Capability(
    key="charter",
    title=gettext_lazy("Community charter"),
    order=20,
    scope="course",
    handlers=(CharterHandlers,),
    renderer=CharterHandlers.render_charter_section,
    scripts=("charter.js",),
    # Members must be able to accept it before they write, whatever the block shows.
    always_shown=True,
    retire=charter.retire_user,
    demo="demo_charter",
    demo_order=10,  # first: members accept it before they write
    not_lists=("charter_state", "charter_acceptances"),
    events=("cap.charter.accepted", "cap.charter.edited"),
))
