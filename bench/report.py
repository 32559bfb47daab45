"""The benchmark's table (Markdown), printed and kept in docs/performance.md between two markers.

``render(results)`` gives every measure present in ``results``, then a list of
the targets with, for each one not met, the figures that explain why.
"""

import os
import platform
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
BEGIN = "<!-- bench:begin (written by `make bench`) -->"
END = "<!-- bench:end -->"
RENDER_TARGET = 1.5
BYTES_TARGET = 60 * 1024
# Targets of the modules that measure them (kept here too, so the report reads without Django).
FORUM_RATIO_TARGET = 0.5
WRITE_MEDIAN_TARGET = 3.0
WRITE_PER_SECOND_TARGET = 300
VIEW_TARGET = 2.5
SECTION_TARGET = 1.5


def _mark(ok):
    return "ok" if ok else "**over target**"


def _constant(counts):
    return len(set(counts.values())) == 1


def _ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


def _kb(count):
    return f"{count / 1024:.1f} KB"


def _machine():
    count = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip() or "?"
    return f"{platform.system()} {platform.machine()}, {count} cores, Python {platform.python_version()}"


def cores():
    return os.cpu_count() or 1


def _busy(load):
    return bool(load) and load[0] > cores()


class Targets:
    """Every target checked in the run: ``(what, figure, target, met, why)``."""

    def __init__(self):
        self.lines = []

    def add(self, what, figure, target, met, why=""):
        self.lines.append((what, figure, target, met, why))

    def render(self, load):
        """The table of targets, then each target not met with its reason (``load``: the load average)."""
        rows = ["| target | measured | wanted | result |", "| --- | --- | --- | --- |"]
        rows += [f"| {what} | {figure} | {target} | {_mark(met)} |" for what, figure, target, met, _why in self.lines]
        missed = [(what, why) for what, _figure, _target, met, why in self.lines if not met]
        text = "\n".join(rows) + "\n\n"
        if not missed:
            return text + "Every target is met.\n"
        text += f"**{len(missed)} target(s) not met:**\n\n"
        text += "\n".join(f"- {what}: {why}" for what, why in missed)
        if _busy(load):
            text += (f"\n\nThe machine was busy with other work when the run began (load average "
                     f"{load[0]:.1f} on {cores()} cores): absolute times and rates are inflated; the ratios "
                     "measured in the same run are the figures to trust.")
        return text + "\n"


# --- side by side with openedx-forum ---------------------------------------------------


def _forum(result, targets):
    if result is None:
        return "openedx-forum was not measured (not installed in `.venv-bench`: `make bench` installs it)."
    parts = []
    in_process = result.get("in_process")
    if in_process:
        cap, forum = in_process["results"]["cap"], in_process["results"]["forum"]
        parts += [f"In process, {in_process['pairs']} threads and replies each (median of each call, the two "
                  f"libraries called alternately), openedx-forum {in_process['version']}:", "",
                  "| write | `cap_xblock` api | openedx-forum api | ratio (cap ÷ forum) | SQL queries (cap / forum) |",
                  "| --- | --- | --- | --- | --- |"]
        for kind, api_names in (("thread", "`start_thread` / `create_thread`"),
                                ("reply", "`reply` / `create_parent_comment`")):
            ratio = cap[kind] / forum[kind]
            parts.append(f"| {kind} ({api_names}) | {_ms(cap[kind])} | {_ms(forum[kind])} | {ratio:.2f} "
                         f"| {cap[kind + '_queries']} / {forum[kind + '_queries']} |")
        ratio = cap["pair"] / forum["pair"]
        parts += [f"| a thread and a reply | {_ms(cap['pair'])} | {_ms(forum['pair'])} | **{ratio:.2f}** "
                  f"| {cap['thread_queries'] + cap['reply_queries']} / "
                  f"{forum['thread_queries'] + forum['reply_queries']} |", ""]
        targets.add("write in process ÷ openedx-forum's", f"{ratio:.2f}", f"≤ {FORUM_RATIO_TARGET}",
                    ratio <= FORUM_RATIO_TARGET,
                    f"a thread and a reply take {_ms(cap['pair'])} and "
                    f"{cap['thread_queries'] + cap['reply_queries']} SQL queries in the block's api against "
                    f"{_ms(forum['pair'])} and {forum['thread_queries'] + forum['reply_queries']} in the forum's")
    http = result.get("http")
    if http:
        parts += ["Over HTTP (gunicorn 4 processes × 4 threads, one server for both; each client posts a thread, "
                  "then a reply to it):", "",
                  "| clients | write | `cap_xblock` handler | openedx-forum view | ratio (cap ÷ forum) |",
                  "| --- | --- | --- | --- | --- |"]
        for clients, pair in sorted(http["results"].items()):
            cap, forum = pair["cap"], pair["forum"]
            for kind in ("thread", "reply"):
                parts.append(f"| {clients} | {kind} (median) | {_ms(cap[kind])} | {_ms(forum[kind])} "
                             f"| {cap[kind] / forum[kind]:.2f} |")
            ratio = forum["pairs_per_second"] / cap["pairs_per_second"]
            parts.append(f"| {clients} | threads and replies per second | {cap['pairs_per_second']:.1f} "
                         f"| {forum['pairs_per_second']:.1f} | cost {ratio:.2f} |")
            if cap["failures"] or forum["failures"]:
                parts.append(f"| {clients} | failed requests | {cap['failures']} | {forum['failures']} | |")
            targets.add(f"write over HTTP at {clients} client(s) ÷ openedx-forum's (time per pair)", f"{ratio:.2f}",
                        f"≤ {FORUM_RATIO_TARGET}", ratio <= FORUM_RATIO_TARGET,
                        f"at {clients} client(s) the block's handlers take a median {_ms(cap['thread'])} (thread) "
                        f"and {_ms(cap['reply'])} (reply) against {_ms(forum['thread'])} and "
                        f"{_ms(forum['reply'])} for the forum behind a minimal view; the workbench runtime "
                        "(block state loaded from its tables on each call) is part of the block's side")
        parts += ["", f"Ratios are the block's cost over the forum's (time per write; for the rate, the forum's "
                  f"rate over the block's): the target is ≤ {FORUM_RATIO_TARGET}.", ""]
    return "\n".join(parts)


# --- writes -----------------------------------------------------------------------------


def _writes(result, targets):
    ping = result["ping"]
    lines = [f"{result['clients']} concurrent clients, {result['per_client']} requests each per kind, "
             "one gunicorn server (4 processes × 4 threads):", "",
             "| handler | SQL queries | median | p99 | median ÷ `ping` | per second | sent / stored / failed "
             "| result |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |",
             f"| `ping` (no-op) | {ping['queries']} | {_ms(ping['median'])} | {_ms(ping['p99'])} | 1.00× "
             f"| {ping['per_second']:.0f} | {ping['sent']} / — / {ping['failures']} | |"]
    for handler, figures in result["writes"].items():
        reasons = []
        if figures["ratio"] > WRITE_MEDIAN_TARGET:
            reasons.append(f"median {figures['ratio']:.1f}× `ping`")
        if figures["per_second"] < WRITE_PER_SECOND_TARGET:
            reasons.append(f"{figures['per_second']:.0f}/s, where the no-op `ping` itself answered "
                           f"{ping['per_second']:.0f}/s on this machine in the same run")
        if figures["failures"] or figures["lost"]:
            reasons.append(f"{figures['failures']} failed, {figures['lost']} lost")
        met = not reasons
        lines.append(f"| `{handler}` ({figures['note']}) | {figures['queries']} | {_ms(figures['median'])} "
                     f"| {_ms(figures['p99'])} | {figures['ratio']:.2f}× | {figures['per_second']:.0f} "
                     f"| {figures['sent']} / {figures['stored']} / {figures['failures']} | {_mark(met)} |")
        targets.add(f"`{handler}` at {result['clients']} clients",
                    f"{figures['ratio']:.1f}× ping, {figures['per_second']:.0f}/s, {figures['lost']} lost",
                    f"≤ {WRITE_MEDIAN_TARGET:g}×, ≥ {WRITE_PER_SECOND_TARGET}/s, 0 lost", met,
                    "; ".join(reasons) + f" ({figures['queries']} SQL queries per write against "
                    f"{ping['queries']} for `ping`, median {_ms(figures['median'])}"
                    + (f"; its floor here {_ms(figures['floor'])}, {figures['floor'] / ping['median']:.1f}× `ping`"
                       if figures.get("floor") else "")
                    + _cpu_why(result, figures) + ")")
    lines += ["", f"Targets: median ≤ {WRITE_MEDIAN_TARGET:g}× `ping`, ≥ {WRITE_PER_SECOND_TARGET} writes per "
              "second, nothing lost (every accepted write is in its table)."]
    lines += _write_costs(result)
    return "\n".join(lines)


def _fine_ms(seconds):
    return f"{seconds * 1000:.3f} ms"


def _lock_waits(figures):
    if figures.get("lock_waits") is None:
        return "—"
    return f"{figures['lock_waits']} ({_ms(figures['lock_ms'])})"


def _cpu_why(result, figures):
    """Why the rate is what it is, in CPU: what the whole machine spent per write against what the rate asked
    for leaves, and how much of it was the request's Python."""
    n_cores = result.get("cores") or cores()
    budget = n_cores / WRITE_PER_SECOND_TARGET
    parts = []
    machine, ping_machine = figures.get("machine_cpu"), result["ping"].get("machine_cpu")
    if machine:
        parts.append(f"the whole machine (server, database, clients) spent {_ms(machine)} of CPU per write"
                     + (f" (`ping`: {_ms(ping_machine)})" if ping_machine else "")
                     + f", so {n_cores} cores allow at most {n_cores / machine:.0f} writes/s")
    if figures.get("cpu"):
        parts.append(f"the request's Python alone takes {_ms(figures['cpu'])}")
    if figures.get("lock_waits"):
        parts.append(f"{figures['lock_waits']} waits for a row lock, {_ms(figures['lock_ms'])} per write")
    if not parts:
        return ""
    return "; " + ", ".join(parts) + f"; {WRITE_PER_SECOND_TARGET}/s on {n_cores} cores leaves {budget * 1000:.1f} ms"


def _write_costs(result):
    """Where a write's median goes: ``ping``, its queries at the floor of one round trip, the rest; and the
    CPU a write may take for the rate asked."""
    floor, ping = result.get("round_trip"), result["ping"]
    if not floor:
        return []
    n_cores = result.get("cores") or cores()
    budget = n_cores / WRITE_PER_SECOND_TARGET
    lines = ["", f"Where the median goes. One SQL round trip (`SELECT 1`, measured in the server process before "
             f"the bursts, nobody else writing) costs {_fine_ms(floor)} here: a write of N queries cannot answer "
             f"in less than `ping` + N × {_fine_ms(floor)}, its floor on this machine. In the server, per request "
             "(medians): the time spent waiting for SQL, and the CPU time of the request's thread (Python's "
             "work, not the database server's). SQL waits far above N round trips are time spent queued in the "
             "database: behind a row lock that keeps a write exact (decision 17; writers to one case, thread or "
             "brainstorm hold it in share mode and go side by side, decision 34, but a thread's latest activity "
             "is one row every reply sets) and behind the other processes for a core.", "",
             "| handler | median = `ping` + N queries × round trip + rest | floor ÷ `ping` | in the server: SQL wait "
             f"/ CPU | row lock waits (ms per write) | writes/s if the server's CPU were all | CPU of the whole "
             f"machine per write | {result['clients']} clients ÷ writes/s |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for handler, figures in result["writes"].items():
        queries = figures["queries"] or 0
        rest = figures["median"] - ping["median"] - queries * floor
        cpu, sql = figures.get("cpu"), figures.get("sql")
        queued = result["clients"] / figures["per_second"] if figures["per_second"] else None
        lines.append(
            f"| `{handler}` | {_ms(figures['median'])} = {_ms(ping['median'])} + {queries} × {_fine_ms(floor)} + "
            f"{_ms(rest)} | {figures['floor'] / ping['median']:.1f}× | "
            f"{_ms(sql) if sql is not None else '—'} / {_ms(cpu) if cpu else '—'} | "
            f"{_lock_waits(figures)} | "
            f"{f'{n_cores / cpu:.0f}' if cpu else '—'} | "
            f"{_ms(figures['machine_cpu']) if figures.get('machine_cpu') else '—'} | {_ms(queued) if queued else '—'} |")
    lines += ["", f"≥ {WRITE_PER_SECOND_TARGET} writes per second on {n_cores} cores leaves "
              f"{budget * 1000:.1f} ms of CPU per write for everything on the machine: the request's Python, the "
              "database server's work for its queries, the HTTP server and, in this benchmark, the clients "
              "themselves. \"Row lock waits\" are InnoDB's own count of the waits for a row lock during the burst and "
              "their time, divided by its requests. \"CPU of the whole machine per write\" is all of it, read from the kernel's counters "
              "(`/proc/stat`) over the burst and divided by its requests: the rate cannot pass the cores ÷ this "
              "figure. \"Writes/s if the server's CPU were all\" is the rate the request's Python alone would "
              "allow with every core to itself. The last column is what the clients wait when every write queues "
              f"behind the others (Little's law: {result['clients']} writes in flight ÷ the rate): when it is "
              "close to the median, the rest is mostly waiting for a core, and only less work per write (fewer "
              "queries, less Python) or more cores lowers it."]
    return lines


# --- queries, render, bytes -----------------------------------------------------------------


def _queries(result, targets):
    sizes = result["sizes"]
    head = "| measured | " + " | ".join(f"{size:,} items" for size in sizes) + " | constant |"
    lines = [head, "|" + " --- |" * (len(sizes) + 2)]
    for student, counts in result["views"].items():
        lines.append(f"| first render of `student_view` as {student} (no section fetched) | "
                     + " | ".join(str(counts[size]) for size in sizes) + f" | {_mark(_constant(counts))} |")
    for (key, student), counts in sorted(result.get("section_queries", {}).items(), key=lambda item: item[0][::-1]):
        opened = " (opened in the first render too)" if result.get("opened_first", {}).get((key, student)) else ""
        lines.append(f"| section `{key}` opened by {student} (`section_view`){opened} | "
                     + " | ".join(str(counts.get(size, "—")) for size in sizes) + f" | {_mark(_constant(counts))} |")
    for handler, counts in result["handlers"].items():
        lines.append(f"| `{handler}`: {result['notes'][handler]} | "
                     + " | ".join(str(counts[size]) for size in sizes) + f" | {_mark(_constant(counts))} |")
    sections = [(f"{key} ({student})", counts) for (key, student), counts in result.get("section_queries", {}).items()]
    varying = [name for name, counts in list(result["views"].items()) + list(result["handlers"].items()) + sections
               if not _constant(counts)]
    targets.add("SQL queries constant at every size (views, sections, lists)",
                f"{len(varying)} varying", "0", not varying, "varying: " + ", ".join(varying))
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


def _render(result, targets):
    sizes = result["sizes"]
    small, large = result["render"][sizes[0]], result["render"][sizes[-1]]
    ratio = large / small
    targets.add(f"render time at {sizes[-1]:,} items ÷ at {sizes[0]:,}", f"{ratio:.2f}", f"≤ {RENDER_TARGET}",
                ratio <= RENDER_TARGET, f"{_ms(small)} at {sizes[0]:,} items, {_ms(large)} at {sizes[-1]:,}")
    return (f"| `student_view` (learner1, whole workbench page, every section opened) | {small * 1000:.1f} ms at "
            f"{sizes[0]:,} items | {large * 1000:.1f} ms at {sizes[-1]:,} items | ratio {ratio:.2f} "
            f"(target ≤ {RENDER_TARGET}) {_mark(ratio <= RENDER_TARGET)} |")


def _sections(result):
    small, large = result["sections"][result["sizes"][0]], result["sections"][result["sizes"][-1]]
    lines = [f"| section of the learner view (learner1) | ms at {result['sizes'][0]:,} items "
             f"| ms at {result['sizes'][-1]:,} items | ratio | HTML + its JS |", "| --- | --- | --- | --- | --- |"]
    for key, (seconds, weight) in small.items():
        later = large.get(key, (0.0, 0))[0]
        lines.append(f"| `{key}` | {seconds * 1000:.1f} | {later * 1000:.1f} | {later / max(seconds, 1e-9):.2f} "
                     f"| {weight / 1024:.1f} KB |")
    return "\n".join(lines)


def _bytes(result, targets):
    largest = max(result["bytes"].values(), key=lambda parts: parts["total"])
    targets.add("learner view's first render (uncompressed)", _kb(largest["total"]), "≤ 60 KB",
                largest["total"] <= BYTES_TARGET, "its HTML, CSS and JS")
    return (f"| learner view's first render (learner1) | HTML {largest['html']:,} B + CSS {largest['css']:,} B "
            f"+ JS {largest['js']:,} B | {largest['total'] / 1024:.1f} KB (target ≤ 60 KB) "
            f"| {_mark(largest['total'] <= BYTES_TARGET)} |")


# --- slow link ------------------------------------------------------------------------------


def _slow(result, targets):
    if result is None:
        return "The slow link was not measured (Chromium and chromedriver are needed: `make bench` installs them)."
    if "error" in result:
        return f"The slow link could not be measured: {result['error']}"
    link = result["link"]
    lines = [f"Headless Chromium, DevTools network emulation: {link['down_kbps']} kbit/s down, {link['up_kbps']} "
             f"kbit/s up, {link['rtt_ms']} ms round trip; empty cache; learner1 of the demo.", "",
             "| measured | compressed (gzip) | not compressed | target |", "| --- | --- | --- | --- |"]
    gzip, plain = result["gzip"], result["plain"]
    lines.append(f"| learner view usable (end of the page's `load`) | {gzip['usable']:.2f} s | {plain['usable']:.2f} s "
                 f"| ≤ {VIEW_TARGET} s {_mark(gzip['usable'] <= VIEW_TARGET)} |")
    lines.append(f"| first byte of the page / DOM ready | {gzip['first_byte']:.2f} s / {gzip['dom_ready']:.2f} s "
                 f"| {plain['first_byte']:.2f} s / {plain['dom_ready']:.2f} s | |")
    lines.append(f"| bytes over the wire, whole page ({gzip['page']['requests']} requests) "
                 f"| {_kb(gzip['page']['transfer'])} | {_kb(plain['page']['transfer'])} | |")
    lines.append(f"| of which the workbench page's static scripts and styles (in the LMS, the courseware's) "
                 f"| {_kb(gzip['page'].get('static_transfer', 0))} | {_kb(plain['page'].get('static_transfer', 0))} "
                 "| |")
    lines.append(f"| the rest: the page's HTML with the block's first render (its CSS and JS inline) "
                 f"| {_kb(gzip['page']['transfer'] - gzip['page'].get('static_transfer', 0))} "
                 f"| {_kb(plain['page']['transfer'] - plain['page'].get('static_transfer', 0))} | |")
    lines.append(f"| page decoded (what the browser parses) | {_kb(gzip['page']['decoded'])} "
                 f"| {_kb(plain['page']['decoded'])} | |")
    targets.add("learner view usable on the slow link", f"{gzip['usable']:.2f} s", f"≤ {VIEW_TARGET} s",
                gzip["usable"] <= VIEW_TARGET,
                f"{_kb(gzip['page']['transfer'])} in {gzip['page']['requests']} requests at {link['down_kbps']} "
                f"kbit/s and {link['rtt_ms']} ms a round trip, of which "
                f"{_kb(gzip['page'].get('static_transfer', 0))} are the workbench page's static files; first byte "
                f"after {gzip['first_byte']:.2f} s, DOM ready at {gzip['dom_ready']:.2f} s")
    for key, section in gzip["sections"].items():
        other = plain["sections"].get(key, {})
        if "error" in section:
            lines.append(f"| section `{key}`: {section['error']} | | | |")
            targets.add(f"section `{key}` on the slow link", "not measured", f"≤ {SECTION_TARGET} s", False,
                        section["error"])
            continue
        met = section["seconds"] <= SECTION_TARGET
        plain_text = (f"{other['seconds']:.2f} s, {_kb(other['transfer'])}" if "seconds" in other
                      else "— (opened in that visit's first render)")
        lines.append(f"| section `{key}` open and usable ({section['requests']} requests) "
                     f"| {section['seconds']:.2f} s, {_kb(section['transfer'])} | {plain_text} "
                     f"| ≤ {SECTION_TARGET} s {_mark(met)} |")
        targets.add(f"section `{key}` on the slow link", f"{section['seconds']:.2f} s", f"≤ {SECTION_TARGET} s", met,
                    f"{section['requests']} requests one after the other (its `section_view`, then its script, "
                    f"then what the script asks), {_kb(section['transfer'])}, each paying {link['rtt_ms']} ms")
    return "\n".join(lines)


# --- scale ---------------------------------------------------------------------------------


def _scale(result, targets):
    lines = [f"{result['learners']:,} learners opening the activity for the first time, {result['clients']} at a "
             f"time, automatic mode, communities of {result['target_size']}:", "",
             "| measured | figure |", "| --- | --- |",
             f"| joins per second | **{result['joins_per_second']:.1f}** |",
             f"| first visit (joins a community): median / p99 | {_ms(result['median'])} / {_ms(result['p99'])} |",
             f"| `ping` median, same server | {_ms(result['ping_median'])} |",
             f"| SQL queries of a first visit (median) | {result['join_queries']} |",
             f"| row lock waits during the arrivals | {result['lock_waits']:,} waits, {result['lock_wait_ms']:,} ms "
             f"in all ({result['lock_wait_ms'] / max(1, result['lock_waits']):.1f} ms each) |",
             f"| share of the clients' waiting spent on row locks | {result['lock_share']:.1%} |",
             f"| placed / communities (expected) / largest | {result['placed']:,} / {result['communities']:,} "
             f"({result['expected_communities']:,}) / {result['largest']} |",
             f"| failed requests | {result['failures']} |", "",
             f"SQL queries of the lists and dashboards at {result['small_size']} learners and at "
             f"{result['learners']:,}:", "",
             f"| list or dashboard | {result['small_size']} learners | {result['learners']:,} learners | constant |",
             "| --- | --- | --- | --- |"]
    varying = []
    for label, (status, small) in result["small"].items():
        large_status, large = result["large"].get(label, (None, None))
        same = small == large and status == 200 and large_status == 200
        if not same:
            varying.append(label)
        lines.append(f"| `{label}`: {result['notes'].get(label, '')} | {_shown(small, status)} "
                     f"| {_shown(large, large_status)} | {_mark(same)} |")
    whole = result["placed"] == result["learners"] and result["largest"] <= result["target_size"] \
        and not result["failures"]
    targets.add(f"{result['learners']:,} arrivals placed, none over {result['target_size']}",
                f"{result['placed']:,} placed, largest {result['largest']}", "all, ≤ 10", whole,
                f"{result['failures']} failed requests")
    targets.add(f"lists and dashboards constant at {result['learners']:,} learners", f"{len(varying)} varying", "0",
                not varying, "varying or failing: " + ", ".join(f"`{label}`" for label in varying))
    return "\n".join(lines)


def _shown(count, status):
    return f"{count}" if status == 200 else f"{count} (status {status})"


def _poll(result):
    if result is None:
        return "xblock-poll was not measured (not installed)."
    return (f"The same burst of simultaneous votes against `xblock-poll` 1.16.1 in the same workbench: "
            f"{result['sent']} sent, {result['accepted']} answered as accepted, {result['counted']} in its tally: "
            f"**{result['lost']} votes lost** ({result['lost'] / max(1, result['accepted']):.0%}). "
            f"The CAP brainstorm counts one row per vote: the load tests assert that none is lost.")


def render(results):
    """The Markdown of every measure in ``results``, then the targets and which are not met."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = results.get("load") or (os.getloadavg() if hasattr(os, "getloadavg") else None)
    mode = results.get("mode", "full run")
    load_text = f", load average {load[0]:.1f} before the run" if load else ""
    parts = [f"Measured {stamp} on {_machine()}{load_text}, MariaDB, gunicorn (4 processes × 4 threads); {mode}.",
             ""]
    targets = Targets()
    if "forum" in results:
        parts += ["### Side by side with openedx-forum", "", _forum(results["forum"], targets), ""]
    if "writes" in results:
        parts += ["### Write handlers under concurrency", "", _writes(results["writes"], targets), ""]
    if "queries" in results:
        parts += ["### SQL queries per call (after a warm-up call)", "", _queries(results["queries"], targets), "",
                  "### Render time and weight", "", "| measured | small | large | result |",
                  "| --- | --- | --- | --- |", _render(results["queries"], targets),
                  _bytes(results["queries"], targets), "",
                  "Where the render time goes, section by section:", "", _sections(results["queries"]), ""]
    if "slow" in results:
        parts += ["### The slow link", "", _slow(results["slow"], targets), ""]
    if "scale" in results:
        parts += ["### Scale of a course", "", _scale(results["scale"], targets), ""]
    if "poll" in results:
        parts += ["### Shared counters compared", "", _poll(results.get("poll")), ""]
    parts += ["### Targets", "", targets.render(load)]
    return "\n".join(parts)


def write(table):
    """Replace the generated part of docs/performance.md with ``table`` (the rest of the page is kept)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _m: f"{BEGIN}\n{table}\n{END}", text,
                  flags=re.S)
    DOC.write_text(text, encoding="utf-8")
