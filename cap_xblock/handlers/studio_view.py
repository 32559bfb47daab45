"""The block's Studio editor: its own form, in the block's language, saved through ``submit_studio_edits``.

``xblock.utils``' generic editor posts with jQuery and ``global: false``, so a
page that adds the CSRF header from a global ``ajaxSend`` hook (the
xblock-sdk workbench) sends none and gets Django's 403 page; its template
also leaves « Clear Value », « Cancel » and « True/False (Default) » in English
and asks for lists as JSON. This form is rendered with the block's catalogs,
edits the journal prompts as a list of rows, and its script posts with
``cap.js``' ``request()`` (the CSRF header on every POST) and shows the
answer, success or error, in the form.
"""

from xblock.fields import Boolean, Float, Integer, String

from .. import i18n


class StudioViewMixin:
    """Mixin of the block (before ``StudioEditableXBlockMixin``): ``studio_view``."""

    def _studio_field(self, name):
        """One field of the form, as its declaration says: a text (longer with ``multiline_editor=True``), a
        number (within its ``values={"min": .., "max": ..}``), a switch, or a field of its own (``sections``,
        ``journal_prompts``)."""
        field = self.fields[name]
        kind = ("long_text" if isinstance(field, String) and field.runtime_options.get("multiline_editor")
                else "text" if isinstance(field, String)
                else "switch" if isinstance(field, Boolean)
                else "number" if isinstance(field, (Integer, Float)) else name)
        limits = field.values if isinstance(field.values, dict) else {}
        low, high = limits.get("min"), limits.get("max")
        return {"name": name, "kind": kind, "label": str(field.display_name), "help": str(field.help or ""),
                # Numbers as Python writes them: a localised « 1,5 » is no value for an <input type="number">.
                "value": str(getattr(self, name)) if kind == "number" else getattr(self, name), "min": low, "max": high,
                "step": "any" if isinstance(field, Float) else "1"}

    def studio_view(self, context=None):  # pylint: disable=unused-argument
        """The settings form of the block, in the block's language."""
        chosen = set(self.sections or [])
        html = self._render(
            "studio.html",
            fields=[self._studio_field(name) for name in self.editable_fields],
            section_choices=[(key, str(self.section_label(key)), key in chosen) for key in self.section_keys()],
            language=i18n.current_language(),
        )
        _ = i18n.gettext
        strings = {
            "saving": _("Saving…"),
            "saved_settings": _("The settings are saved."),
            "not_saved": _("The settings could not be saved."),
            # Translators: {status} is an HTTP status code such as 403.
            "save_refused": _("The server refused to save the settings (error {status}). Nothing was changed: "
                              "reload the page, then save again."),
            # Translators: {number} is the position of a journal prompt in the list (1, 2, 3...).
            "prompt_label": _("Prompt {number}"),
            "move_up": _("Move up"),
            "move_down": _("Move down"),
            "remove_prompt": _("Remove"),
            # Translators: {number} is the position of a journal prompt in the list.
            "prompt_removed": _("Prompt {number} removed."),
            # Translators: {number} is the new position of a journal prompt in the list.
            "prompt_moved": _("Prompt moved to position {number}."),
        }
        return self._fragment(html, ["cap.js", "studio.js"], self._init_args("studio", strings))
