"""axe-core in Chromium: the serious and critical accessibility violations of the page.

axe-core (4.10) comes from the ``axe-selenium-python`` package (pinned in
requirements/test.txt), which ships its ``axe.min.js``; nothing is downloaded.
"""

import os

BLOCKING = ("serious", "critical")
# The rules are axe's WCAG 2.0/2.1 A and AA rules plus its best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_script():
    """The text of axe.min.js."""
    import axe_selenium_python  # pylint: disable=import-outside-toplevel

    path = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


_SCRIPT = None


def violations(driver, context=None):
    """The serious and critical violations axe finds in the page (or in the ``context`` selector)."""
    global _SCRIPT  # pylint: disable=global-statement
    if _SCRIPT is None:
        _SCRIPT = axe_script()
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(_SCRIPT)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(arguments[0] || document, {runOnly: {type: 'tag', values: arguments[1]}, resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations); }, function (e) { done({error: String(e)}); });",
        context, TAGS,
    )
    assert not (isinstance(result, dict) and result.get("error")), result
    return [v for v in result if v.get("impact") in BLOCKING]


def report(found):
    """A readable list of violations: rule, impact, help and the first elements concerned."""
    lines = []
    for violation in found:
        targets = [" ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])[:4]]
        summary = (violation.get("nodes") or [{}])[0].get("failureSummary", "")
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}\n    {summary}")
    return "\n".join(lines)
