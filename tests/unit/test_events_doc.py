"""docs/events.md names every event the code emits, and only those.

The events are read from the code: every ``platform.publish_event`` and
``platform.emit_tracking`` call of ``cap_xblock/``, with a literal name, a
choice of literals, or a name built from a helper's argument (the literals
its callers pass, or the literals assigned to the variable they pass).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EMITTERS = {"publish_event", "emit_tracking"}
DOC = ROOT / "docs" / "events.md"


def _strings(node):
    return {child.value for child in ast.walk(node) if isinstance(child, ast.Constant) and isinstance(child.value, str)}


def _name_of(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _arguments_passed(tree, helper, position, parameter):
    """The literals callers of ``helper`` pass as its argument ``position`` (or by keyword ``parameter``)."""
    found = set()
    for function in (node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))):
        assigned = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, set()).update(_strings(node.value))
        for call in (node for node in ast.walk(function) if isinstance(node, ast.Call) and _name_of(node) == helper):
            args = list(call.args)
            value = next((kw.value for kw in call.keywords if kw.arg == parameter), None)
            if value is None and len(args) > position:
                value = args[position]
            if isinstance(value, ast.Name):
                found |= assigned.get(value.id, set())
            elif value is not None:
                found |= _strings(value)
    return found


def emitted_events(source):
    """The names of the events one module emits."""
    tree = ast.parse(source)
    names = set()
    for function in (node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for call in (node for node in ast.walk(function) if isinstance(node, ast.Call) and _name_of(node) in EMITTERS):
            argument = call.args[1] if _name_of(call) == "publish_event" else call.args[0]
            if isinstance(argument, ast.JoinedStr):
                prefix = "".join(part.value for part in argument.values if isinstance(part, ast.Constant))
                variable = next(part.value.id for part in argument.values if isinstance(part, ast.FormattedValue))
                parameters = [arg.arg for arg in function.args.args]
                position = parameters.index(variable) - (1 if parameters and parameters[0] == "self" else 0)
                names |= {prefix + name for name in _arguments_passed(tree, function.name, position, variable)}
            else:
                names |= _strings(argument)
    return {name for name in names if name.startswith("cap.")}


def code_events():
    found = set()
    for path in (ROOT / "cap_xblock").rglob("*.py"):
        found |= emitted_events(path.read_text(encoding="utf-8"))
    return found


def documented_events():
    return set(re.findall(r"`(cap\.[a-z_]+\.[a-z_]+)`", DOC.read_text(encoding="utf-8")))


def test_the_reader_finds_literal_chosen_and_built_names():
    source = '''
def one(self):
    platform.publish_event(self, "cap.a.x" if self.y else "cap.a.y", {})
    platform.emit_tracking("cap.b.z", {})
def _helper(self, name, data):
    platform.publish_event(self, f"cap.c.{name}", data)
def caller(self):
    event = "opened" if True else "closed"
    self._helper(event, {})
    self._helper("kept", {})
'''
    assert emitted_events(source) == {"cap.a.x", "cap.a.y", "cap.b.z", "cap.c.opened", "cap.c.closed", "cap.c.kept"}


def test_every_emitted_event_is_documented():
    events = code_events()
    assert len(events) > 40
    assert sorted(events - documented_events()) == []


def test_every_documented_event_is_emitted():
    assert sorted(documented_events() - code_events()) == []
