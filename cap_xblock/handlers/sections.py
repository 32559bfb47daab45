"""Opening the sections of the learner view one at a time.

The first render of the learner view carries « Ma communauté » and the
sections the person had open (or must act in, such as a charter to accept);
the others arrive when the person opens them. This keeps the first render
light on slow connections, whatever the number of sections a block shows.
"""

from ..api import communities
from ..api.validation import as_bool, as_text
from ..errors import NotFound
from ..i18n import gettext as _
from .base import json_handler
from .host import BlockHost


class SectionHandlers(BlockHost):
    """Mixin of the block: one section's HTML, scripts and strings, and the person's open sections."""

    def _section_key(self, view, payload):
        key = as_text(payload.get("key"), "key", 40)
        if key not in self.visible_sections(view):
            raise NotFound(_("This part of the activity is not shown here."), code="section_not_found")
        return key

    @json_handler("GET")
    def section_view(self, actor, payload):
        """``{key, html, scripts, strings}`` of one section, rendered for the actor."""
        view = communities.view_for(actor)
        key = self._section_key(view, payload)
        section = self.render_one_section(actor, view, key)
        if section is None:
            raise NotFound(_("This part of the activity is not shown here."), code="section_not_found")
        return {
            "key": section.key,
            "html": section.html,
            "scripts": [self.runtime.local_resource_url(self, f"static/js/{name}") for name in section.js_files],
            "strings": section.strings,
        }

    @json_handler("POST")
    def section_state(self, actor, payload):
        """Remember whether the actor keeps a section open (``key``, ``open``)."""
        view = communities.view_for(actor, place=False)
        key = self._section_key(view, payload)
        keep_open = as_bool(payload.get("open", True), "open")
        opened = [name for name in (self.open_sections or []) if name != key]
        if keep_open:
            opened.append(key)
        self.open_sections = opened
        return {"open": sorted(opened)}
