"""Measures the app at scale in the real window (not a test: `make measure` runs it).

Prints medians (and p95) of: a keystroke in search → the new rows painted; a page change → the
rows painted; cold start → an interactive customer list; and the memory (PSS) of all the app's
processes after start and after browsing 50 pages. Needs a store seeded by `make measure`.
"""

import os
import pathlib
import statistics
import time

from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions

# Dispatches one keystroke's worth of change (the input's new value, as React sees typing) or a
# click, then waits for the table to stop being busy and for the next frame to be painted.
MEASURE = """
const [kind, value, done] = arguments;
const table = () => document.querySelector('table[aria-label="Customers"]');
const t0 = performance.now();
if (kind === 'type') {
  const input = document.querySelector('input[aria-label="Search customers"]');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
} else {
  [...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === value).click();
}
let sawBusy = false;
const check = () => {
  const busy = table() && table().getAttribute('aria-busy') === 'true';
  sawBusy = sawBusy || busy;
  if (table() && !busy && (sawBusy || performance.now() - t0 > 50)) {
    // The frame after the update is the one that shows it.
    requestAnimationFrame(() => done(performance.now() - t0));
  } else {
    requestAnimationFrame(check);
  }
};
check();
"""


def pss_mib(root_pid):
    """PSS of a process and all its descendants (the WebKit web and network processes), in MiB:
    the total and a breakdown by process name."""
    children = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    parts, todo = {}, [root_pid]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            name = pathlib.Path(f"/proc/{pid}/comm").read_text().strip()
            for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    parts[name] = parts.get(name, 0) + int(line.split()[1]) / 1024
        except OSError:
            pass
    return sum(parts.values()), parts


def memory_line(name, root_pid):
    total, parts = pss_mib(root_pid)
    detail = ", ".join(f"{k} {v:.0f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1]))
    print(f"{name:<40} {total:8.0f} MiB   ({detail})")
    return total


def app_pid(application):
    for cmdline in pathlib.Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if cmdline.read_bytes().split(b"\0")[0].decode() == application:
                return int(cmdline.parent.name)
        except (OSError, IndexError, UnicodeDecodeError):
            continue
    raise RuntimeError(f"{application} is not running")


def report(name, samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    print(f"{name:<40} median {statistics.median(samples):8.1f} ms   p95 {p95:8.1f} ms   (n={len(samples)})")


def test_measure():
    application = os.environ["INFORA_APP"]
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": application})

    start = time.perf_counter()
    driver = webdriver.Remote(command_executor="http://127.0.0.1:4444", options=options)
    try:
        driver.set_script_timeout(30)
        while not driver.execute_script(
            "const t = document.querySelector('table[aria-label=\"Customers\"]');"
            "return t && t.getAttribute('aria-busy') === 'false' && t.querySelectorAll('tbody tr').length > 0"
        ):
            time.sleep(0.01)
        cold = (time.perf_counter() - start) * 1000
        total = driver.execute_script(
            "return document.querySelector('section[aria-label=\"Total customers\"]').textContent")
        print(f"\nstore: {total}")
        print(f"{'cold start → interactive list':<40} {cold:8.0f} ms (includes the WebDriver session start)")
        time.sleep(1)
        pid = app_pid(application)
        memory_line("memory after start (PSS, all processes)", pid)

        words = ["w", "wa", "wan", "wanj", "wanji", "wanjir", "wanjiru", "k", "ka", "kam", "kama", "kamau",
                 "0", "07", "071", "0712", "07123", "071234", "m", "mw", "mwa", "mwan", "mwang", "mwangi",
                 "o", "ot", "oti", "otie", "otien", "otieno", "7", "72", "722", "7221", "72213"]
        keystrokes = [driver.execute_async_script(MEASURE, "type", w) for w in words]
        report("keystroke → rows painted (all)", keystrokes)
        report("keystroke → rows painted (3+ chars)", [t for w, t in zip(words, keystrokes) if len(w) >= 3])
        driver.execute_async_script(MEASURE, "type", "")

        pages = [driver.execute_async_script(MEASURE, "click", "Next page") for _ in range(50)]
        report("page change → rows painted", pages)
        time.sleep(1)
        memory_line("memory after 50 pages (PSS, all)", pid)
        assert len(keystrokes) == len(words) and len(pages) == 50
    finally:
        driver.quit()
