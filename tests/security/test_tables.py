"""Tables written as dict literals (the handler matrix, role words, strings...) never repeat a key.

A repeated key in a dict literal silently drops the first value: the handler
matrix once lost its first `charter_*` expectations that way.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(path for folder in ("cap_xblock", "tests", "workbench", "bench") for path in (ROOT / folder).rglob("*.py")
                 if "migrations" not in path.parts)


def duplicate_keys(source, filename="<source>"):
    """``[(line, key)]`` of every constant key that a dict literal of ``source`` repeats."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Dict):
            seen = set()
            for key in node.keys:
                if isinstance(key, ast.Constant):
                    if key.value in seen:
                        found.append((key.lineno, key.value))
                    seen.add(key.value)
    return found


def test_the_check_finds_a_repeated_key():
    assert duplicate_keys('TABLE = {\n    "a": 1,\n    "b": 2,\n    "a": 3,\n}\n') == [(4, "a")]
    assert duplicate_keys('TABLE = {"a": 1, **{"a": 2}}\n') == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_dict_literal_repeats_a_key(path):
    assert duplicate_keys(path.read_text(encoding="utf-8"), str(path)) == []
