"""Extract the translatable strings of cap_xblock, update its catalogs and compile them.

Python files and Django templates are read (templates through Django's own
``templatize``, as ``makemessages`` does). The catalogs follow OEP-58:
``cap_xblock/conf/locale/<lang>/LC_MESSAGES/django.po``, compiled to
``django.mo``. English is the source language: its catalog copies every
message (it is the source ``openedx-translations`` reads). Needs GNU gettext
(xgettext, msgmerge, msgen, msgfmt, msgcat).

    python scripts/translations.py            extract, then compile (the one command after adding strings)
    python scripts/translations.py --extract  extract only (update the catalogs)
    python scripts/translations.py --compile  compile only (after `make pull_translations`, for example)
    python scripts/translations.py --check    fail when a catalog misses a message of the code, keeps one the
                                              code no longer has, or its .mo is not the compiled .po

Catalogs found at the former place (``cap_xblock/translations/<lang>/LC_MESSAGES/text.po``,
domain ``text``) are merged into the new ones first, their translations winning, then removed.
"""

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cap_xblock"
CATALOGS = PACKAGE / "conf" / "locale"
DOMAIN = "django"
LANGUAGES = ("en", "fr")
FORMER_CATALOGS = PACKAGE / "translations"
FORMER_DOMAIN = "text"
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


def template_catalog(work):
    """The .pot of every message of the code, in ``work``."""
    pot = Path(work) / f"{DOMAIN}.pot"
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
    return pot


def bring_former_catalogs():
    """Merge catalogs left at the former place (a branch written before the move) into the new ones."""
    for language in LANGUAGES:
        former = FORMER_CATALOGS / language / "LC_MESSAGES" / f"{FORMER_DOMAIN}.po"
        if not former.exists():
            continue
        po = CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.exists():
            subprocess.run(["msgcat", "--use-first", "--no-wrap", "-o", str(po), str(former), str(po)], check=True)
        else:
            shutil.copyfile(former, po)
        print(f"Merged {former.relative_to(ROOT)} into {po.relative_to(ROOT)}")
    if FORMER_CATALOGS.exists():
        shutil.rmtree(FORMER_CATALOGS)


def catalog_path(language):
    return CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(pot, language, po=None):
    """Merge the .pot into the language's catalog (English: every message copied)."""
    po = po or catalog_path(language)
    po.parent.mkdir(parents=True, exist_ok=True)
    if po.exists():
        subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", "--no-wrap",
                        "--no-fuzzy-matching", str(po), str(pot)], check=True)
    else:
        subprocess.run(["msginit", "--no-translator", "--no-wrap", f"--locale={language}",
                        "-i", str(pot), "-o", str(po)], check=True)
    if language == "en":
        subprocess.run(["msgen", "--no-wrap", "-o", str(po), str(po)], check=True)
    return po


def compile_catalogs():
    for po in sorted(CATALOGS.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def messages(po):
    """The (context, msgid) of every entry of a catalog, obsolete ones left out."""
    import polib  # pylint: disable=import-outside-toplevel

    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po)) if not entry.obsolete}


def check(work):
    """Problems that make the catalogs disagree with the code (an empty list when they agree)."""
    problems = []
    pot = template_catalog(work)
    wanted = messages(pot)
    for language in LANGUAGES:
        po = catalog_path(language)
        if not po.exists():
            problems.append(f"{po.relative_to(ROOT)} is missing")
            continue
        have = messages(po)
        problems += [f"{po.relative_to(ROOT)}: missing {msgid!r}" for _ctx, msgid in sorted(wanted - have)]
        problems += [f"{po.relative_to(ROOT)}: not in the code {msgid!r}" for _ctx, msgid in sorted(have - wanted)]
        compiled = Path(work) / f"{language}.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True)
        if not po.with_suffix(".mo").exists() or not filecmp.cmp(compiled, po.with_suffix(".mo"), shallow=False):
            problems.append(f"{po.with_suffix('.mo').relative_to(ROOT)} is not the compiled {po.name}")
    if FORMER_CATALOGS.exists():
        problems.append(f"{FORMER_CATALOGS.relative_to(ROOT)} still exists: run scripts/translations.py")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--extract", action="store_true", help="extract and update the catalogs only")
    mode.add_argument("--compile", action="store_true", help="compile the catalogs only")
    mode.add_argument("--check", action="store_true", help="fail when the catalogs disagree with the code")
    args = parser.parse_args(argv)
    settings.configure(USE_I18N=True)
    django.setup()
    with tempfile.TemporaryDirectory() as work:
        if args.check:
            problems = check(work)
            for problem in problems:
                print(problem)
            if problems:
                print("The catalogs are not up to date: run `make translations` (scripts/translations.py).")
                return 1
            print("Catalogs up to date:", ", ".join(str(catalog_path(lang).relative_to(ROOT)) for lang in LANGUAGES))
            return 0
        if not args.compile:
            bring_former_catalogs()
            pot = template_catalog(work)
            for language in LANGUAGES:
                update(pot, language)
        if not args.extract:
            compile_catalogs()
    print("Catalogs updated:", ", ".join(str(p.relative_to(ROOT)) for p in sorted(CATALOGS.rglob(f"{DOMAIN}.po"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
