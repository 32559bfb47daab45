"""``{% load cap_parts %}``: ``{% cap_part "brainstorm_idea.html" %}`` renders another template of
``templates/cap_xblock/`` with the current context, as ``{% include %}`` would.

Parts are compiled once per process by the block's engine (``cap_xblock/rendering.py``). A part is one
piece of a section that a handler also answers alone (an idea, a post, a contribution): the first render
and the answer to an action are drawn by the same template.
"""

from django import template

from .. import rendering

register = template.Library()


def _part(name):
    if not name.endswith(".html") or "/" in name:
        raise template.TemplateSyntaxError(f"cap_part: not a template of cap_xblock: {name}")
    return rendering.template(name)


class PartNode(template.Node):
    """Renders the part ``name`` with the context it stands in, ``key=value`` pairs pushed on top."""

    def __init__(self, name, extra):
        self.name = name
        self.extra = extra

    def render(self, context):
        part = _part(self.name.resolve(context))
        values = {key: value.resolve(context) for key, value in self.extra.items()}
        with context.push(**values):
            return part.render(context)


@register.tag("cap_part")
def cap_part(parser, token):
    """``{% cap_part "name.html" key=value ... %}``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cap_part takes the name of a template")
    extra = {}
    for bit in bits[2:]:
        key, _sep, value = bit.partition("=")
        extra[key] = parser.compile_filter(value)
    return PartNode(parser.compile_filter(bits[1]), extra)
