"""Extract the translatable strings of cap_xblock and update and compile its catalogs.

Python files and Django templates are read (templates through Django's own
``templatize``, as ``makemessages`` does); the catalogs are
``cap_xblock/translations/<lang>/LC_MESSAGES/text.po``, compiled to ``text.mo``.
English is the source language: its catalog copies every message. Needs GNU
gettext (xgettext, msgmerge, msgen, msgfmt).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cap_xblock"
CATALOGS = PACKAGE / "translations"
KEYWORDS = ["_", "gettext", "gettext_lazy", "ngettext:1,2", "pgettext:1c,2", "ngettext_lazy:1,2"]


def templatized(work):
    """Copy each template as the Python-like text xgettext can read."""
    from django.utils.translation.template import templatize  # pylint: disable=import-outside-toplevel

    files = []
    for template in sorted((PACKAGE / "templates").rglob("*.html")):
        target = Path(work) / (template.relative_to(PACKAGE).as_posix().replace("/", "__") + ".py")
        target.write_text(templatize(template.read_text(encoding="utf-8"), origin=str(template)), encoding="utf-8")
        files.append((target, template.relative_to(ROOT).as_posix()))
    return files


def main():
    settings.configure(USE_I18N=True)
    django.setup()
    with tempfile.TemporaryDirectory() as work:
        pot = Path(work) / "text.pot"
        sources = sorted(path.relative_to(ROOT).as_posix() for folder in (PACKAGE, ROOT / "workbench" / "cap_demo")
                         for path in folder.rglob("*.py")
                         if "migrations" not in path.parts)
        command = ["xgettext", "--language=Python", "--from-code=UTF-8", "--add-comments=Translators",
                   "--sort-by-file", "--no-wrap", "--package-name=cap-xblock", "-o", str(pot)]
        command += [f"--keyword={keyword}" for keyword in KEYWORDS]
        subprocess.run(command + sources, check=True, cwd=ROOT)
        templates = templatized(work)
        subprocess.run(command[:-2] + ["--join-existing", "-o", str(pot)] + [str(t) for t, _ in templates],
                       check=True, cwd=ROOT)
        text = pot.read_text(encoding="utf-8").replace("CHARSET", "UTF-8")
        for temp, origin in templates:
            text = text.replace(str(temp), origin)
        pot.write_text(text, encoding="utf-8")
        for language in ("en", "fr"):
            folder = CATALOGS / language / "LC_MESSAGES"
            folder.mkdir(parents=True, exist_ok=True)
            po = folder / "text.po"
            if po.exists():
                subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", "--no-wrap",
                                "--no-fuzzy-matching", str(po), str(pot)], check=True)
            else:
                subprocess.run(["msginit", "--no-translator", "--no-wrap", f"--locale={language}",
                                "-i", str(pot), "-o", str(po)], check=True)
            if language == "en":
                subprocess.run(["msgen", "--no-wrap", "-o", str(po), str(po)], check=True)
            subprocess.run(["msgfmt", "--check", "-o", str(folder / "text.mo"), str(po)], check=True)
    print("Catalogs updated:", ", ".join(str(p.relative_to(ROOT)) for p in sorted(CATALOGS.rglob("text.po"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
