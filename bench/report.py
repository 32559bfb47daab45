"""The benchmark's table (Markdown), printed and kept in docs/performance.md between two markers."""

import platform
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
BEGIN = "<!-- bench:begin (written by `make bench`) -->"
END = "<!-- bench:end -->"
RENDER_TARGET = 1.5
MEDIAN_TARGET = 1.5
P99_TARGET = 3.0
BYTES_TARGET = 60 * 1024


def _mark(ok):
    return "ok" if ok else "**over target**"


def _constant(counts):
    return len(set(counts.values())) == 1


def _machine():
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip() or "?"
    return f"{platform.system()} {platform.machine()}, {cores} cores, Python {platform.python_version()}"


def _queries(result):
    sizes = result["sizes"]
    head = "| measured | " + " | ".join(f"{size:,} items" for size in sizes) + " | constant |"
    lines = [head, "|" + " --- |" * (len(sizes) + 2)]
    for student, counts in result["views"].items():
        lines.append(f"| `student_view` as {student} | " + " | ".join(str(counts[size]) for size in sizes)
                     + f" | {_mark(_constant(counts))} |")
    for handler, counts in result["handlers"].items():
        lines.append(f"| `{handler}`: {result['notes'][handler]} | "
                     + " | ".join(str(counts[size]) for size in sizes) + f" | {_mark(_constant(counts))} |")
    failed = {name: status for name, status in result["statuses"].items() if status != 200}
    extra = []
    if failed:
        extra.append(f"Calls that did not answer 200 (their counts measure an error): {failed}.")
    if result["missing"]:
        extra.append(f"Listed but not in this block yet: {', '.join(result['missing'])}.")
    if result["unlisted"]:
        extra.append("GET handlers with no line in `bench/lists.py` (add them): "
                     + ", ".join(f"`{name}`" for name in result["unlisted"]) + ".")
    return "\n".join(lines + ([""] + extra if extra else []))


def _render(result):
    sizes = result["sizes"]
    small, large = result["render"][sizes[0]], result["render"][sizes[-1]]
    ratio = large / small
    return (f"| `student_view` (learner1, whole workbench page) | {small * 1000:.1f} ms at {sizes[0]:,} items | "
            f"{large * 1000:.1f} ms at {sizes[-1]:,} items | ratio {ratio:.2f} (target ≤ {RENDER_TARGET}) "
            f"{_mark(ratio <= RENDER_TARGET)} |")


def _sections(result):
    small, large = result["sections"][result["sizes"][0]], result["sections"][result["sizes"][-1]]
    lines = [f"| section of the learner view (learner1) | ms at {result['sizes'][0]:,} items "
             f"| ms at {result['sizes'][-1]:,} items | ratio | HTML + its JS |", "| --- | --- | --- | --- | --- |"]
    for key, (seconds, weight) in small.items():
        later = large.get(key, (0.0, 0))[0]
        lines.append(f"| `{key}` | {seconds * 1000:.1f} | {later * 1000:.1f} | {later / max(seconds, 1e-9):.2f} "
                     f"| {weight / 1024:.1f} KB |")
    return "\n".join(lines)


def _bytes(result):
    largest = max(result["bytes"].values(), key=lambda parts: parts["total"])
    return (f"| learner view's first render (learner1) | HTML {largest['html']:,} B + CSS {largest['css']:,} B "
            f"+ JS {largest['js']:,} B | {largest['total'] / 1024:.1f} KB (target ≤ 60 KB) "
            f"| {_mark(largest['total'] <= BYTES_TARGET)} |")


def _latency(result):
    return "\n".join([
        f"| {result['clients']} concurrent clients, {result['requests']} requests each kind | median | p99 |",
        "| --- | --- | --- |",
        f"| `ping` (no-op handler) | {result['ping_median'] * 1000:.1f} ms | {result['ping_p99'] * 1000:.1f} ms |",
        f"| `case_contribute` (a contribution) | {result['post_median'] * 1000:.1f} ms "
        f"| {result['post_p99'] * 1000:.1f} ms |",
        f"| ratio (targets ≤ {MEDIAN_TARGET}× and ≤ {P99_TARGET}×) | {result['median_ratio']:.2f}× "
        f"{_mark(result['median_ratio'] <= MEDIAN_TARGET)} | {result['p99_ratio']:.2f}× "
        f"{_mark(result['p99_ratio'] <= P99_TARGET)} |",
        "",
        f"Contributions per second: **{result['per_second']:.1f}** "
        f"({result['stored']} stored for {result['requests']} sent; {result['failures']} requests failed).",
    ])


def _poll(result):
    if result is None:
        return "xblock-poll was not measured (not installed)."
    return (f"The same burst of simultaneous votes against `xblock-poll` 1.16.1 in the same workbench: "
            f"{result['sent']} sent, {result['accepted']} answered as accepted, {result['counted']} in its tally: "
            f"**{result['lost']} votes lost** ({result['lost'] / max(1, result['accepted']):.0%}). "
            f"The CAP brainstorm counts one row per vote: the load tests assert that none is lost.")


def render(results):
    """The Markdown of every measure in ``results``."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [f"Measured {stamp} on {_machine()}, MariaDB, gunicorn (4 processes × 4 threads).", ""]
    if "queries" in results:
        parts += ["### SQL queries per call (after a warm-up call)", "", _queries(results["queries"]), "",
                  "### Render time and weight", "", "| measured | small | large | result |",
                  "| --- | --- | --- | --- |", _render(results["queries"]), _bytes(results["queries"]), "",
                  "Where the render time goes, section by section:", "", _sections(results["queries"]), ""]
    if "latency" in results:
        parts += ["### Posting under concurrency", "", _latency(results["latency"]), ""]
    parts += ["### Shared counters compared", "", _poll(results.get("poll")), ""]
    return "\n".join(parts)


def write(table):
    """Replace the generated part of docs/performance.md with ``table`` (the rest of the page is kept)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _m: f"{BEGIN}\n{table}\n{END}", text,
                  flags=re.S)
    DOC.write_text(text, encoding="utf-8")
