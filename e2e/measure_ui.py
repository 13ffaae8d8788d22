"""Measures the app at scale in the real window (not a test: `make measure` runs it).

Prints medians (and p95) of:

- a keystroke in search → the new rows painted, with real keystrokes (WebDriver key events):
  - *single keystrokes*: each word typed one key at a time, each key sent once the rows of the
    previous one are painted, timed from the key's `keydown` (seen first, in the capture phase)
    to the frame after the table shows the rows of what is typed (`aria-busy` false with the
    box holding that text) — reported for terms of 3+ characters and of 1–2 characters
    (asked at once too; their total is an estimate until the exact count follows, see
    ui/src/customers/search.ts);
  - *typed words*: a word typed at a brisk 10 keys a second without waiting for any rows, timed
    from the last key's `keydown` to the frame after the rows of the whole word are painted —
    what a cashier typing a name sees;
- a page change (a click on "Next page") → the rows painted, the same way;
- Save in the Take payment dialog → the receipt painted: 20 cash payments for the first
  customer of the list, each timed from a performance mark set just before the Save button's
  click to the frame after the one that painted the receipt (a MutationObserver sees it
  arrive); the first payment opens a shift with a float if none is open;
- cold start → the first screen, the lock screen (or the first-start setup), and, after
  signing in as Sam Supervisor, the interactive customer list (includes the WebDriver session
  start);
- the memory (PSS) of all the app's processes, by process, after start and after all the
  searches and 50 pages.

The frame after the update is counted because it is the one that shows it. Needs a store seeded
by `make measure`; the first run sets its desk up (Sam Supervisor, PIN 2468, as the end-to-end
tests do), later runs sign in.

The memory target is relative to an empty Tauri window measured the same way. With
INFORA_EMPTY_APP naming the release binary of such an app (`tauri` at the version in Cargo.lock,
one window of 1200×780, `frontendDist` an empty `<body>`, no plugins; build it outside this
repository), `test_empty_window` measures it: three starts, PSS one second after the page loads.
"""

import os
import pathlib
import statistics
import time

import pytest

from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions

from conftest import WHICH_SCREEN, Desk

# Dispatches the search box's new value (as React sees typing) or a click, then waits for the
# table to go busy and back, and for the next frame to be painted. Returns null when the table
# never went busy: what was measured would not be the new rows.
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
  if (table() && !busy && sawBusy) {
    requestAnimationFrame(() => done(performance.now() - t0));
  } else if (!sawBusy && performance.now() - t0 > 1000) {
    done(null);
  } else {
    requestAnimationFrame(check);
  }
};
check();
"""

# Before typing: remembers when each key went down, and watches (every frame) for the table to
# show the rows of `word`; the frame after they are, stores the time since the last keydown.
WATCH = """
const [word] = arguments;
if (!window.__keyWatch) {
  window.__keyWatch = true;
  window.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
}
window.__painted = null;
const input = document.querySelector('input[aria-label="Search customers"]');
const table = () => document.querySelector('table[aria-label="Customers"]');
const loop = () => {
  if (input.value === word && table() && table().getAttribute('aria-busy') === 'false') {
    requestAnimationFrame(() => { window.__painted = performance.now() - window.__lastKey; });
  } else {
    requestAnimationFrame(loop);
  }
};
requestAnimationFrame(loop);
"""

CLEAR = """
const input = document.querySelector('input[aria-label="Search customers"]');
Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '');
input.dispatchEvent(new Event('input', { bubbles: true }));
"""

# Clicks Save (the Take payment form's submit button) and resolves with the time from a mark
# set just before the click to the frame after the one that paints the receipt: the observer
# sees the receipt arrive in the DOM; the first animation frame after that is the one that
# paints it (its callbacks run before its paint), the second comes after that paint — as
# MEASURE counts the frame after the update. Null when no receipt came within 5 s.
SAVE_TO_RECEIPT = """
const done = arguments[0];
const receipt = () => document.querySelector('[role="dialog"] article.receipt');
const save = document.querySelector('[role="dialog"] button[type="submit"]');
performance.clearMarks('infora-save');
const t0 = performance.mark('infora-save').startTime;
let seen = false;
const observer = new MutationObserver(() => {
  if (!seen && receipt()) {
    seen = true;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
  }
});
observer.observe(document.body, { childList: true, subtree: true });
save.click();
setTimeout(() => { if (!seen) { observer.disconnect(); done(null); } }, 5000);
"""

PAINTED = """
const done = arguments[0];
const poll = () => (window.__painted !== null ? done(window.__painted) : setTimeout(poll, 5));
poll();
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
    driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{os.environ.get('INFORA_E2E_PORT', '4444')}", options=options)
    try:
        driver.set_script_timeout(60)
        while not driver.execute_script(WHICH_SCREEN):
            time.sleep(0.01)
        first_screen = (time.perf_counter() - start) * 1000
        desk = Desk(driver)
        desk.at_the_desk()
        while not driver.execute_script(
            "const t = document.querySelector('table[aria-label=\"Customers\"]');"
            "return t && t.getAttribute('aria-busy') === 'false' && t.querySelectorAll('tbody tr').length > 0"
        ):
            time.sleep(0.01)
        cold = (time.perf_counter() - start) * 1000
        total = driver.execute_script(
            "return document.querySelector('section[aria-label=\"Total customers\"]').textContent")
        print(f"\nstore: {total}")
        print(f"{'cold start → lock or setup screen':<40} {first_screen:8.0f} ms (includes the WebDriver session start)")
        print(f"{'… → signed in, interactive list':<40} {cold:8.0f} ms (WebDriver typing the PIN included)")
        time.sleep(1)
        pid = app_pid(application)
        memory_line("memory after start (PSS, all processes)", pid)

        box = driver.find_element("css selector", 'input[aria-label="Search customers"]')
        words = ["wanjiru", "kamau", "071234", "mwangi", "otieno", "72213", "achieng", "njeri@"]

        def clear():
            if box.get_attribute("value"):
                driver.execute_script(WATCH, "")
                driver.execute_script(CLEAR)
                driver.execute_async_script(PAINTED)

        single = []  # (length of the term, ms)
        for word in words:
            clear()
            for n in range(1, len(word) + 1):
                driver.execute_script(WATCH, word[:n])
                box.send_keys(word[n - 1])
                single.append((n, driver.execute_async_script(PAINTED)))
        report("keystroke → rows painted (3+ chars)", [t for n, t in single if n >= 3])
        report("keystroke → rows painted (1–2 chars)", [t for n, t in single if n < 3])

        typed = []
        for _ in range(3):
            for word in words:
                clear()
                driver.execute_script(WATCH, word)
                for i, key in enumerate(word):
                    if i:
                        time.sleep(0.1)
                    box.send_keys(key)
                typed.append(driver.execute_async_script(PAINTED))
        report("typed word (10 keys/s) → rows painted", typed)
        clear()

        pages = [driver.execute_async_script(MEASURE, "click", "Next page") for _ in range(50)]
        report("page change → rows painted", pages)
        time.sleep(1)
        memory_line("memory after 50 pages (PSS, all)", pid)
        assert None not in pages and len(pages) == 50

        saves = take_payments(desk, 20)
        report("Save → receipt painted", saves)
        assert None not in saves and len(saves) == 20
    finally:
        driver.quit()


def take_payments(desk, count):
    """Opens the list's first customer and takes `count` cash payments of KES 10 there, timing
    each from Save to the receipt painted (SAVE_TO_RECEIPT)."""
    dialog = "//*[@role='dialog']"
    desk.click("//table[@aria-label='Customers']//tbody/tr[1]/td[1]")
    desk.find("//*[@role='region'][@aria-label='Customer details']//h2")
    desk.settled()
    saves = []
    for _ in range(count):
        desk.press("p")
        desk.find(f"{dialog}[@aria-label='Take payment']")
        # With no shift open the dialog opens one first (left open for the next run).
        field = desk.wait(lambda d: d.find_elements("xpath", f"{dialog}//label[starts-with(normalize-space(), "
                                                             "'Cash in the drawer')]")
                          or d.find_elements("xpath", f"{dialog}//label[starts-with(normalize-space(), 'Amount')]"),
                          message="the payment or shift form")[0]
        if field.text.startswith("Cash in the drawer"):
            desk.type_into("Cash in the drawer (KES)", "2000")
            desk.button("Open shift with KES 2,000.00", within=dialog).click()
        desk.type_into("Amount (KES)", "10")
        desk.wait(lambda d: "New balance" in d.find_element("xpath", dialog).text, message="the new balance previewed")
        saves.append(desk.driver.execute_async_script(SAVE_TO_RECEIPT))
        desk.button("Done", within=dialog).click()
        desk.gone(dialog)
    return saves


@pytest.mark.skipif("INFORA_EMPTY_APP" not in os.environ, reason="no empty Tauri app to compare with")
def test_empty_window():
    application = os.environ["INFORA_EMPTY_APP"]
    totals = []
    for run in range(3):
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": application})
        driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{os.environ.get('INFORA_E2E_PORT', '4444')}", options=options)
        try:
            while driver.execute_script("return document.readyState") != "complete":
                time.sleep(0.01)
            time.sleep(1)
            totals.append(memory_line(f"empty Tauri window, start {run + 1} (PSS)", app_pid(application)))
        finally:
            driver.quit()
    base = statistics.median(totals)
    print(f"{'empty window (median)':<40} {base:8.0f} MiB   → target 1.3× = {1.3 * base:.0f} MiB")
