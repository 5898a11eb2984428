"""Refresh the interface's translations: collect the marked strings, then compile them.

Run from anywhere, with the project's virtual environment::

    .venv/bin/python scripts/update_translations.py            # refresh the .ts, compile the .qm
    .venv/bin/python scripts/update_translations.py --check    # only say whether anything is stale

What it does:

1. ``pyside6-lupdate`` reads every ``.py`` file under ``mnist_viz/gui`` and updates
   ``resources/translations/mnist_viz_<lang>.ts`` (Qt Linguist's XML): strings new in the
   code are added as *unfinished* (untranslated), strings no longer in the code are kept
   but marked *vanished*, and existing translations are kept. Source locations are left
   out (``-locations none``), so that editing code does not churn the file.
2. Translate: open the ``.ts`` in Qt Linguist (``.venv/bin/pyside6-linguist
   resources/translations/mnist_viz_ja.ts``), or edit the ``<translation>`` elements by
   hand, and remove ``type="unfinished"`` from those you have done.
3. ``pyside6-lrelease`` compiles the ``.ts`` into the ``.qm`` the app loads (run this
   script again after translating). Unfinished messages are left out of the ``.qm``: the
   interface shows those in English.

Commit both the ``.ts`` and the ``.qm``. ``tests/gui/test_i18n.py`` fails when the ``.qm``
is older than the ``.ts`` or when a marked string has no translation.

Marking strings in the code (see mnist_viz/gui/i18n.py): ``self.tr("...")`` in a QObject
subclass, ``QCoreApplication.translate("Context", "...")`` elsewhere, and
``QT_TRANSLATE_NOOP("Panel", "...")`` for panel titles and help texts. Put variable parts
in ``{0}``-style fields and call ``.format`` on the translated string, never an f-string
(lupdate only sees literal text).

Exit status: 0 when done (or, with --check, when nothing is stale); 1 when --check finds
stale or untranslated strings; 2 when the Qt tools are missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "mnist_viz" / "gui"
TRANSLATIONS = ROOT / "resources" / "translations"
#: The languages with a translation file (English is the source and needs none).
LANGUAGES = ("ja",)


def tool(name: str) -> str | None:
    """The path of ``pyside6-<name>`` (beside this Python first, then on PATH)."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    if here.exists():
        return str(here)
    return shutil.which(f"pyside6-{name}")


def source_files() -> list[Path]:
    return sorted(SOURCES.rglob("*.py"))


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"mnist_viz_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"mnist_viz_{language}.qm"


def lupdate(ts: Path, language: str) -> None:
    """Update ``ts`` with the strings marked in the sources (keeps existing translations)."""
    subprocess.run([tool("lupdate"), *map(str, source_files()), "-locations", "none",
                    "-target-language", language, "-ts", str(ts)], check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of the messages still in use that have no finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            if kind == "unfinished" or not (translation.text or "").strip():
                missing.append((name, message.findtext("source")))
    return missing


def carry_over(ts: Path) -> int:
    """Strings that moved to another class (another context) keep their translation.

    lupdate sees a string whose code moved from one class to another as a new string in
    the new context, and marks the old one vanished: copy the translation of the same
    English text over, and drop the vanished copy. Returns how many were carried over."""
    tree = ET.parse(ts)
    known: dict[str, str] = {}
    messages = [(context, message) for context in tree.getroot().iter("context")
                for message in context.findall("message")]
    for _, message in messages:
        translation = message.find("translation")
        if translation is not None and (translation.text or "").strip() and translation.get("type") != "unfinished":
            known.setdefault(message.findtext("source"), translation.text)
    carried = 0
    for _, message in messages:
        translation = message.find("translation")
        source = message.findtext("source")
        if translation is not None and translation.get("type") == "unfinished" and source in known:
            translation.text = known[source]
            del translation.attrib["type"]
            carried += 1
    live = {message.findtext("source") for _, message in messages
            if message.find("translation") is not None and message.find("translation").get("type") is None}
    removed = 0
    for context, message in messages:
        if message.find("translation").get("type") == "vanished" and message.findtext("source") in live:
            context.remove(message)
            removed += 1
    for context in list(tree.getroot().iter("context")):
        if not context.findall("message"):
            tree.getroot().remove(context)
    if carried or removed:  # else the file stays as lupdate wrote it
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return carried + removed


def merge(ts: Path, files: list[Path]) -> tuple[int, list[str]]:
    """Fill messages of ``ts`` from JSON files of {"context", "source", "translation"} entries
    (a translation written outside Qt Linguist). Returns (how many were filled, the entries
    that match no message in use, in words)."""
    import json

    wanted: dict[tuple[str, str], str] = {}
    for file in files:
        for entry in json.loads(Path(file).read_text(encoding="utf-8")):
            wanted[(entry["context"], entry["source"])] = entry["translation"]
    tree = ET.parse(ts)
    filled, used = 0, set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.findall("message"):
            key = (name, message.findtext("source"))
            translation = message.find("translation")
            if key not in wanted or translation is None or translation.get("type") in ("vanished", "obsolete"):
                continue
            used.add(key)
            if translation.text != wanted[key] or translation.get("type") == "unfinished":
                translation.text = wanted[key]
                translation.attrib.pop("type", None)
                filled += 1
    if filled:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    unused = [f"{context}: {source[:60]!r}" for context, source in wanted if (context, source) not in used]
    return filled, unused


def check(language: str) -> list[str]:
    """What is stale for ``language``, in words (empty when the files match the code)."""
    problems = []
    ts, qm = ts_path(language), qm_path(language)
    if not ts.exists():
        return [f"{ts} is missing: run scripts/update_translations.py"]
    with tempfile.TemporaryDirectory() as folder:
        fresh_ts = Path(folder) / ts.name
        shutil.copy(ts, fresh_ts)
        lupdate(fresh_ts, language)
        for context, source in untranslated(fresh_ts):
            problems.append(f"no {language} translation for {context}: {source!r}")
        fresh_qm = Path(folder) / qm.name
        lrelease(ts, fresh_qm)
        if not qm.exists() or qm.read_bytes() != fresh_qm.read_bytes():
            problems.append(f"{qm.name} does not match {ts.name}: run scripts/update_translations.py")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    parser.add_argument("--merge", nargs="+", type=Path, metavar="JSON", default=[],
                        help="also fill translations from these JSON files (a list of "
                             '{"context", "source", "translation"} objects), e.g. written by a translator')
    args = parser.parse_args(argv)
    if not tool("lupdate") or not tool("lrelease"):
        print("update_translations: pyside6-lupdate and pyside6-lrelease are needed; they come with "
              "PySide6 (pip install PySide6-Essentials)", file=sys.stderr)
        return 2
    status = 0
    for language in LANGUAGES:
        if args.check:
            problems = check(language)
            for problem in problems:
                print(problem)
            status = 1 if problems else status
            continue
        TRANSLATIONS.mkdir(parents=True, exist_ok=True)
        ts, qm = ts_path(language), qm_path(language)
        lupdate(ts, language)
        if carry_over(ts):
            lupdate(ts, language)  # back to lupdate's own layout of the file
        if args.merge:
            filled, unused = merge(ts, args.merge)
            if filled:
                lupdate(ts, language)
            print(f"merged {filled} translation(s)" + (f"; {len(unused)} match no string in use:" if unused else ""))
            for line in unused:
                print(f"  {line}")
        lrelease(ts, qm)
        missing = untranslated(ts)
        print(f"{ts.relative_to(ROOT)}: {len(missing)} string(s) still to translate; "
              f"compiled {qm.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
