"""The accessibility audit of what the window shows: axe-core, run in the page through WebDriver.

axe comes from the UI's dev dependencies (ui/node_modules/axe-core, `npm ci` in ui/), so the
audit needs no network and checks the same rules on every machine. A serious or critical
violation fails the step that saw it; moderate and minor ones are only written down, with the
rest of axe's answer, in artifacts/e2e/a11y-<name>.json.
"""

import json
import pathlib

AXE = pathlib.Path(__file__).resolve().parent.parent / "ui" / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("critical", "serious")

# axe.run answers with a promise; WebDriver's async script waits for `done`. An error inside
# axe comes back as {error} rather than as a script timeout with no reason given.
RUN = """
const done = arguments[arguments.length - 1];
window.axe
  .run(document, { resultTypes: ['violations'] })
  .then((result) => done({ result }), (error) => done({ error: String(error && error.stack || error) }));
"""


def run(driver):
    """axe's full answer for the page as it is now. axe is injected once per page load: the
    app is one page, loaded again only when the app restarts."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        if not AXE.is_file():
            raise AssertionError(f"no {AXE}: run `npm ci` in ui/ (make e2e does)")
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    # A page with a few hundred rows takes a few seconds in a software-rendered window.
    driver.set_script_timeout(60)
    answer = driver.execute_async_script(RUN)
    if "error" in answer:
        raise AssertionError(f"axe failed in the page: {answer['error']}")
    return answer["result"]


def failing(result):
    return [v for v in result["violations"] if v["impact"] in FAILING]


def describe(name, violations, artifact):
    """One paragraph per violation: rule, impact, what it asks, then each node that breaks it."""
    lines = [f"accessibility audit {name!r}: {len(violations)} serious or critical violation(s) "
             f"(axe's full answer: {artifact})"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n         ")
            if summary:
                lines.append(f"         {summary}")
    return "\n".join(lines)


def audit(driver, name, artifacts):
    """Audits the page, writes axe's answer to `artifacts`/a11y-<name>.json and returns the
    readable list of serious or critical violations (empty when there are none)."""
    result = run(driver)
    artifacts.mkdir(parents=True, exist_ok=True)
    artifact = artifacts / f"a11y-{name}.json"
    artifact.write_text(json.dumps(result, indent=2), encoding="utf-8")
    bad = failing(result)
    return describe(name, bad, artifact) if bad else ""
