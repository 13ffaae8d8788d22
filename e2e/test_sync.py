"""Sync in the real window against the central system: the API's double (a separate process
on loopback), or a real central service when INFORA_CENTRAL_URL names one (with
INFORA_CENTRAL_EMAIL and INFORA_CENTRAL_PASSWORD for its user). Sign in; a customer made here
reaches central; customers made and edited while not connected sync cleanly; central's edits
arrive; a same-field edit on both sides is one conflict; a payment taken here moves central's
balance by its amount, whatever central's balance was; a refused deletion shows as such; a
kill in the middle of a sync loses and duplicates nothing; the tokens are in the OS keychain
only. The order of the tests matters. Each sync screen, tab and dialog is audited for
accessibility on the way (`desk.audit`, e2e/a11y.py)."""

import json
import os
import pathlib
import re
import signal
import sqlite3
import subprocess
import time
import urllib.request

import pytest

from test_screen import TOPBAR_CLASHES, at_size, layout

USER = os.environ.get("INFORA_CENTRAL_EMAIL", "agent.e2e@infora.ke")
PASSWORD = os.environ.get("INFORA_CENTRAL_PASSWORD", "e2e-secret-pass")
# A real central keeps what earlier runs made: every email of a run is its own.
RUN = time.strftime("%H%M%S")
NAME = "Sync Kariuki E2E"
EMAIL = f"sync.kariuki.{RUN}@example.co.ke"

STATUS = "//section[@aria-label='Sync status']"
DIALOG = "//*[@role='dialog']"
DETAILS = "//*[@role='region'][@aria-label='Customer details']"
TABLE = "//table[@aria-label='Customers']"


@pytest.fixture(scope="module")
def central():
    if os.environ.get("INFORA_CENTRAL_URL"):
        yield {"url": os.environ["INFORA_CENTRAL_URL"].rstrip("/"), "tokens": None}
        return
    work = pathlib.Path(os.environ.get("INFORA_E2E_WORK", "/tmp"))
    tokens = work / "central-tokens.txt"
    process = subprocess.Popen(
        [os.environ["INFORA_CENTRAL_DOUBLE"], "--user", f"{USER}:{PASSWORD}", "--tokens", str(tokens)],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline().strip()
    assert line.startswith("listening "), line
    yield {"url": line.split(" ", 1)[1], "tokens": tokens}
    process.terminate()
    process.wait(timeout=10)


def api(central, method, path, body=None, token=None):
    request = urllib.request.Request(
        central["url"] + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def central_token(central):
    # The test's own session: the app's tokens are not the test's to read.
    return api(central, "POST", "/api/auth/login", {"email": USER, "password": PASSWORD})["access_token"]


def on_central(central, email):
    page = api(central, "GET", f"/api/customers?search={email}&per_page=100", token=central_token(central))
    return [c for c in page["customers"] if c["email"] == email]


def edit_on_central(central, email, body):
    (found,) = on_central(central, email)
    api(central, "PUT", f"/api/customers/{found['id']}", body, token=central_token(central))


def desk_db():
    return pathlib.Path(os.environ["XDG_DATA_HOME"]) / "ke.infora.desk" / "customers.db"


def on_desk(email):
    """The desk's own row, read from its store file (read-only, beside the running app)."""
    with sqlite3.connect(f"file:{desk_db()}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM customers WHERE email = ?", (email,)).fetchone()
        return dict(row) if row else None


def sign_in(desk, central):
    desk.button("Sign in to sync", within=STATUS).click()
    desk.find(f"{DIALOG}[@aria-label='Sync settings']")
    desk.type_into("Central address", central["url"])
    desk.type_into("Email", USER)
    desk.type_into("Password", PASSWORD)
    desk.button("Sign in", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='Sync settings']")


def sign_out(desk, audit=None):
    if not desk.driver.find_elements("xpath", "//main[@aria-labelledby='sync-title']"):
        desk.button("Sync details", within=STATUS).click()
    desk.button("Sync account").click()
    desk.find(f"{DIALOG}[@aria-label='Sync settings']")
    if audit:
        desk.audit(audit)
    desk.button("Sign out", within=DIALOG).click()
    desk.find(f"{STATUS}//*[contains(., 'Not signed in')]")
    # The status can say so a moment before the dialog closes (sign-out waits for a running
    # round to end): a click meanwhile would land on the dialog.
    desk.gone(f"{DIALOG}[@aria-label='Sync settings']", timeout=60)
    back_to_list(desk)


def sync_now(desk):
    # A round already running (the desk syncs by itself after a change) takes no click: wait
    # for it, so the round asked for here starts after what the test did.
    desk.wait(lambda d: desk.button("Sync now", within=STATUS).is_enabled(), timeout=60,
              message="the running round ended")
    desk.button("Sync now", within=STATUS).click()
    time.sleep(0.3)
    # The round has ended when the button takes clicks again (it is busy meanwhile).
    desk.wait(lambda d: desk.button("Sync now", within=STATUS).get_attribute("aria-busy") != "true",
              timeout=60, message="the round ended")


def open_customer(desk, name):
    back_to_list(desk)
    desk.type_into("Search customers", name)
    desk.click(f"{TABLE}//tbody/tr/td[1]//*[normalize-space()='{name}']")
    desk.find(f"{DETAILS}//h1[contains(., '{name}')] | {DETAILS}//h2[contains(., '{name}')]")


def open_tab(desk, name):
    """A tab of the Sync screen (its name without the count beside it)."""
    tab = f"//*[@role='tab'][normalize-space(text())='{name}']"
    desk.click(tab)
    desk.find(f"{tab}[@aria-selected='true']")


def back_to_list(desk):
    """From a customer's page or the Sync screen, as a person would: the back link."""
    back = "//button[contains(normalize-space(), 'Back to customers')] | //a[contains(normalize-space(), 'Back to customers')]"
    if any(e.is_displayed() for e in desk.driver.find_elements("xpath", back)):
        desk.click(back)
        desk.gone(back)


def test_before_a_sign_in_nothing_is_said_of_central_records(desk, central):
    desk.find(STATUS, timeout=30)
    desk.button("Sync details", within=STATUS).click()
    desk.click("//*[@role='tab'][normalize-space()='Records from central']")
    desk.find("//*[contains(normalize-space(), 'Nothing has come from the central system yet')]")
    assert "fits this desk" not in desk.find("//main").text
    desk.button("Back to customers").click()
    desk.gone("//*[@id='sync-title']")


def app_log_lines():
    folder = pathlib.Path(os.environ["XDG_DATA_HOME"]) / "ke.infora.desk" / "logs"
    return [line for path in sorted(folder.glob("*.log")) for line in path.read_text(errors="replace").splitlines()]


def test_sign_in_to_the_central_system(desk, central):
    desk.find(STATUS, timeout=30)
    desk.find(f"{STATUS}//*[contains(., 'Not signed in')]")
    desk.button("Sign in to sync", within=STATUS).click()
    desk.find(f"{DIALOG}[@aria-label='Sync settings']")
    desk.audit("sign-in")
    desk.type_into("Central address", "http://billing.example.com")
    desk.type_into("Email", USER)
    desk.type_into("Password", PASSWORD)
    desk.button("Sign in", within=DIALOG).click()
    error = desk.find("//*[@id='central_url-error']")
    desk.wait(lambda d: "https" in error.text, message="https required for a central system elsewhere")
    desk.screenshot("10-sync-sign-in-error")
    desk.audit("sign-in-field-error")
    desk.type_into("Central address", central["url"])
    # The form forgets the password as soon as it is sent.
    desk.type_into("Password", PASSWORD)
    desk.button("Sign in", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='Sync settings']")
    desk.button("Sync now", within=STATUS)
    # Signing in used to write 26 Info lines of the keychain's D-Bus library into the log: the
    # app's dependencies log from Warn only.
    chatter = [line for line in app_log_lines()
               if re.search(r"\]\[(INFO|DEBUG|TRACE)\]", line) and not re.search(r"\]\[infora_[a-z_:]+\]\[", line)]
    assert not chatter, "dependencies logged below Warn:\n" + "\n".join(chatter[:5])


def test_a_customer_made_here_reaches_central(desk, central):
    desk.new_customer(NAME, EMAIL, "0733 555 123")
    desk.button("Sync now", within=STATUS).click()
    desk.wait(lambda d: len(on_central(central, EMAIL)) == 1, timeout=30, message="the customer is on central")
    assert on_central(central, EMAIL)[0]["phone"] == "+254733555123"
    desk.find(f"{STATUS}//*[contains(., 'Online')]")
    desk.screenshot("11-synced")
    desk.audit("customers-signed-in")


def test_the_sync_screen_lists_what_waits(desk, central):
    desk.button("Sync details", within=STATUS).click()
    desk.find("//*[@aria-label='Changes waiting to be sent'] | //p[contains(., 'Nothing waiting')]")
    desk.screenshot("12-sync-screen")
    desk.audit("sync-queue")
    open_tab(desk, "Conflicts")
    desk.find("//p[contains(., 'No conflicts')]")
    desk.audit("sync-conflicts-none")
    open_tab(desk, "Records from central")
    desk.find("//*[@role='tabpanel']//p")
    desk.audit("sync-records-from-central")
    open_tab(desk, "Queue")


def test_tokens_are_in_the_keychain_only(desk, central):
    # Against the double only (a real central does not say which tokens it handed out): a run
    # against one deselects this test with -k.
    assert central["tokens"], "the double writes the tokens it hands out"
    tokens = [t for t in central["tokens"].read_text().split("\n") if t]
    assert tokens, "the app signed in, so central handed out tokens"
    # The web view's own storage, as the page sees it.
    stored = desk.driver.execute_script(
        "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )
    # Every file the app writes: the store, its log, the window state, and WebKit's storage.
    roots = [os.environ[k] for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")]
    files = [p for root in roots for p in pathlib.Path(root).rglob("*") if p.is_file()]
    assert any(p.name == "customers.db" for p in files), "the search covers the app's store"
    for token in tokens:
        assert token not in stored, "a token in the web view's storage"
        for path in files:
            assert token.encode() not in path.read_bytes(), f"a token in {path}"
    for path in files:
        assert PASSWORD.encode() not in path.read_bytes(), f"the password in {path}"


WALK = [(f"Walk {n} {RUN}", f"walk{n}.{RUN}@example.co.ke", f"07{RUN[2:]}{n}123") for n in (1, 2, 3)]


def test_customers_made_and_edited_while_not_connected_sync_cleanly(desk, central):
    sign_out(desk, audit="sync-account")
    for name, email, phone in WALK:
        desk.new_customer(name, email, phone)
    # Edited before the first sync: the address, and a package central's update would ignore.
    open_customer(desk, WALK[0][0])
    desk.button("Edit", within=DETAILS).click()
    desk.find(f"{DIALOG}[@aria-label='Edit customer']")
    desk.type_into("Address", "7 Kenyatta Avenue, Kitale")
    desk.type_into("Package", "Fibre 50")
    desk.button("Save", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='Edit customer']")
    back_to_list(desk)
    sign_in(desk, central)
    sync_now(desk)
    desk.wait(lambda d: all(len(on_central(central, e)) == 1 for _, e, _ in WALK), timeout=30,
              message="each customer on central exactly once")
    first = on_central(central, WALK[0][1])[0]
    assert (first["address"], first["package"]) == ("7 Kenyatta Avenue, Kitale", "Fibre 50"), first
    desk.wait(lambda d: on_desk(WALK[0][1])["central_id"] == first["id"], message="linked to central's id")
    # The desk took central's join date (central sets its own; second resolution, UTC).
    joined = on_desk(WALK[0][1])["join_date"]
    shown = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(joined / 1_000_000))
    assert shown == first["join_date"], (shown, first["join_date"])
    bar = desk.find(STATUS).text
    assert "refused" not in bar and "conflict" not in bar.lower() and "Needs you" not in bar, bar
    desk.button("Sync details", within=STATUS).click()
    desk.find("//p[contains(., 'Nothing waiting')]")
    desk.screenshot("14-walk-synced-clean")
    back_to_list(desk)


def test_an_edit_made_on_central_arrives(desk, central):
    edit_on_central(central, WALK[1][1], {"address": "12 Central Road, Eldoret"})
    sync_now(desk)
    open_customer(desk, WALK[1][0])
    desk.find(f"{DETAILS}//*[contains(text(), '12 Central Road, Eldoret')]")
    desk.screenshot("15-walk-central-edit-arrived")


def test_a_same_field_edit_on_both_sides_is_one_conflict_with_both_values(desk, central):
    open_customer(desk, WALK[2][0])
    # Both edits as close together as the test can make them, just after a round: a round in
    # between (a retry's backoff ends at any time) would bring central's edit in first, and the
    # desk's would then be a plain change on top of it, not a conflict (CI saw that once).
    sync_now(desk)
    edit_on_central(central, WALK[2][1], {"status": "suspended"})
    desk.button("Set pending", within=DETAILS).click()
    desk.find(f"{DETAILS}//*[contains(@class, 'badge')][normalize-space()='pending' or normalize-space()='Pending']")
    back_to_list(desk)
    sync_now(desk)
    desk.button("Sync details", within=STATUS).click()
    desk.click("//*[@role='tab'][contains(., 'Conflicts')]")
    conflict = desk.find(f"//*[@role='group'][starts-with(@aria-label, 'Conflict: {WALK[2][0]}')]")
    text = conflict.text.lower()
    assert "pending" in text and "suspended" in text, text
    assert len(desk.driver.find_elements("xpath", "//ul[@aria-label='Conflicts']/li")) == 1
    desk.screenshot("16-walk-conflict")
    desk.audit("sync-conflicts")
    desk.button(f"Keep mine for {WALK[2][0]}, Status").click()
    back_to_list(desk)
    sync_now(desk)
    desk.wait(lambda d: on_central(central, WALK[2][1])[0]["status"] == "pending", timeout=30,
              message="kept mine reached central")


def test_a_payment_taken_here_lands_on_centrals_balance_relative_to_it(desk, central):
    # Central bills the customer meanwhile; the desk does not know yet.
    edit_on_central(central, WALK[0][1], {"balance": 500})
    open_customer(desk, WALK[0][0])
    desk.press("p")
    desk.find(f"{DIALOG}[@aria-label='Take payment']")
    desk.type_into("Cash in the drawer (KES)", "0")
    desk.find(f"{DIALOG}//button[@type='submit']").click()
    desk.type_into("Amount (KES)", "120")
    desk.button("Take KES 120.00", within=DIALOG).click()
    desk.find(f"{DIALOG}//article[contains(@class, 'receipt')]")
    desk.button("Done", within=DIALOG).click()
    desk.gone(DIALOG)
    back_to_list(desk)
    sync_now(desk)
    # Relative: central's 500 less the 120 taken here, not the desk's own balance less 120.
    desk.wait(lambda d: on_central(central, WALK[0][1])[0]["balance"] == 380, timeout=30,
              message="central's balance moved by the payment")
    desk.wait(lambda d: on_desk(WALK[0][1])["balance_cents"] == 38_000, timeout=30,
              message="the desk follows central's balance")
    bar = desk.find(STATUS).text
    assert "conflict" not in bar.lower() and "Needs you" not in bar, bar
    # The shift closes (the modules share the store: the till's module opens its own).
    desk.click("//button[contains(@class, 'shift-open')]")
    desk.find(f"{DIALOG}//article[contains(@class, 'shift-report')]")
    desk.type_into("Cash counted (KES)", "120")
    desk.button("Close shift", within=DIALOG).click()
    desk.find(f"{DIALOG}//article[contains(@class, 'shift-report')][contains(., 'Z REPORT') or contains(., 'Z report')]")
    desk.button("Done", within=DIALOG).click()
    desk.gone(DIALOG)
    desk.find("//button[contains(@class, 'shift-none')]")


def test_a_deletion_central_refuses_shows_the_same_everywhere(desk, central):
    open_customer(desk, WALK[1][0])
    desk.button("Delete customer", within=DETAILS).click()
    desk.button("Delete", within=DIALOG).click()
    desk.gone(DETAILS)
    sync_now(desk)
    if not on_central(central, WALK[1][1]):
        pytest.fail("this central deleted the customer: the seed version's DELETE fails, so this test expects a refusal")
    # Back in the list, marked; the same refusal in the queue.
    desk.type_into("Search customers", WALK[1][0])
    desk.find(f"{TABLE}//tbody/tr[contains(., '{WALK[1][0]}')][contains(., 'Deletion refused')]", timeout=30)
    desk.screenshot("17-walk-deletion-refused-list")
    desk.audit("customers-sync-marks")
    desk.button("Sync details", within=STATUS).click()
    desk.find(f"//*[contains(., '{WALK[1][0]}')][contains(., 'could not delete')]")
    desk.screenshot("18-walk-deletion-refused-queue")
    desk.audit("sync-queue-refused")
    # The confirmations before a refused change is given up, looked at and cancelled.
    desk.button(f"Discard change to {WALK[1][0]}").click()
    desk.find(f"{DIALOG}[@aria-label='Discard change']")
    desk.audit("discard-change")
    desk.button("Cancel", within=DIALOG).click()
    desk.gone(DIALOG)
    desk.button("Discard all refused").click()
    desk.find(f"{DIALOG}[@aria-label='Discard all refused']")
    desk.audit("discard-all-refused")
    desk.button("Cancel", within=DIALOG).click()
    desk.gone(DIALOG)
    # The customer's page says why they are back.
    open_customer(desk, WALK[1][0])
    desk.find(f"{DETAILS}//*[@role='note'][contains(., 'could not delete')]")
    desk.audit("customer-deletion-refused")
    back_to_list(desk)


def test_with_a_change_refused_and_no_sign_in_the_top_bar_fits_at_every_width(desk, central):
    # The state the screen sweep (test_screen.py) does not build: "Needs you" waits beside
    # "Not signed in" and "Sign in to sync", the top bar's longest.
    sign_out(desk)
    desk.find(f"{STATUS}//button[contains(., 'Needs you')]")
    desk.find(f"{STATUS}//button[contains(., 'Sign in')]")
    size = desk.driver.get_window_size()
    try:
        for width in (1366, 1280, 1200, 1100, 1024, 1001, 1000, 900, 800):
            at_size(desk, width, 700)
            top = desk.driver.execute_script(TOPBAR_CLASHES)
            assert not top["clashes"], (width, top)
            assert layout(desk)["topbar"] < 70, (width, "the top bar wrapped")
            if width in (1280, 800):
                desk.screenshot(f"19-needs-you-not-signed-in-{width}")
    finally:
        desk.driver.set_window_size(size["width"], size["height"])
    sign_in(desk, central)


def app_pids():
    app = os.environ["INFORA_APP"]
    found = subprocess.run(["pgrep", "-f", app], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def test_a_kill_during_sync_loses_and_duplicates_nothing(desk, central):
    sign_out(desk)
    killed = [(f"Kill {n} {RUN}", f"kill{n}.{RUN}@example.co.ke", f"07{RUN[2:]}9{n:02d}0") for n in range(8)]
    for name, email, phone in killed:
        desk.new_customer(name, email, phone)
    sign_in(desk, central)
    time.sleep(0.4)  # the sign-in starts a round; the app dies in the middle of it
    for pid in app_pids():
        os.kill(pid, signal.SIGKILL)
    desk.restart()
    desk.find(STATUS, timeout=30)
    sync_now(desk)
    for _, email, _ in killed:
        desk.wait(lambda d: len(on_central(central, email)) == 1, timeout=30, message=f"{email} on central once")
        assert on_desk(email)["central_id"] == on_central(central, email)[0]["id"]
    desk.button("Sync details", within=STATUS).click()
    desk.find("//p[contains(., 'Nothing waiting')] | //*[contains(., 'could not delete')]")
    desk.screenshot("19-walk-after-kill")
    back_to_list(desk)


def test_sign_out_clears_the_session(desk, central):
    sign_out(desk)
    desk.screenshot("20-signed-out")
