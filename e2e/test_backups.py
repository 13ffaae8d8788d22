"""Backups in the real window: the Backups tab of the settings with today's automatic backup,
"Back up now" to a file (INFORA_SAVE_DIR stands in for the save and open dialogs), a customer
made after it, then that backup restored: the later customer gone, the earlier one there, the
store before the restore kept aside, and the desk locked until a PIN from the backup is typed.
The order of the tests matters."""

import glob
import os
import pathlib

TABLE = "//table[@aria-label='Customers']"
DIALOG = "//*[@role='dialog']"
SETTINGS = f"{DIALOG}[@aria-label='Desk settings']"
CONFIRM = f"{DIALOG}[@aria-label='Restore this backup?']"
EARLIER = "Earlier Backup E2E"
LATER = "Later Backup E2E"


def store_folder():
    return pathlib.Path(os.environ["XDG_DATA_HOME"]) / "ke.infora.desk"


def listed(desk, name):
    """Whether a search for `name` finds the customer in the list (a row of cells: the row that
    says nothing matches quotes the search)."""
    desk.find(TABLE, timeout=30)
    desk.type_into("Search customers", name)
    desk.settled()
    return desk.driver.execute_script(
        "const t = document.querySelector(\"table[aria-label='Customers'] tbody\");"
        "return !!t && [...t.rows].some((r) => r.cells.length > 1 && r.textContent.includes(arguments[0]));",
        name,
    )


def open_backups(desk):
    desk.button("Settings").click()
    desk.find(SETTINGS)
    desk.click(f"{SETTINGS}//*[@role='tab'][normalize-space()='Backups']")
    desk.find(f"{SETTINGS}//button[normalize-space()='Back up now']")


def test_a_customer_before_the_backup(desk):
    first = desk.find(f"{TABLE} | //button[contains(normalize-space(), 'Load demo data')]", timeout=30)
    if first.tag_name == "button":
        first.click()
    desk.find(TABLE, timeout=120)
    desk.new_customer(EARLIER, "earlier.backup.e2e@example.co.ke", "0733 444 001")
    assert listed(desk, EARLIER)


def test_the_backups_tab_lists_todays_automatic_backup(desk):
    open_backups(desk)
    # Made at launch (today's was missing), in the `backups` folder beside the store.
    desk.find(f"{SETTINGS}//table//tbody/tr", timeout=30)
    assert glob.glob(str(store_folder() / "backups" / "infora-desk-*.db"))
    desk.audit("backups")
    for width, height, name in ((1366, 768, "70-backups-1366x768"), (800, 600, "71-backups-800x600")):
        desk.driver.set_window_size(width, height)
        desk.settled()
        desk.screenshot(name)
    desk.driver.set_window_size(1280, 800)


def test_back_up_now_writes_the_file(desk):
    desk.button("Back up now", within=SETTINGS).click()
    desk.wait(lambda d: "Backed up to" in desk.text_of(f"{SETTINGS}//*[@role='status']"),
              timeout=30, message="the backup is saved")
    saved = glob.glob(os.path.join(os.environ["INFORA_SAVE_DIR"], "Infora Desk backup *.db"))
    assert len(saved) == 1, saved
    assert os.path.getsize(saved[0]) > 0
    desk.press("\ue00c")  # Escape
    desk.gone(SETTINGS)


def test_a_customer_after_the_backup(desk):
    desk.new_customer(LATER, "later.backup.e2e@example.co.ke", "0733 444 002")
    assert listed(desk, LATER)


def test_restoring_the_backup_says_what_happens_then_brings_it_back(desk):
    open_backups(desk)
    desk.button("Restore from a file…", within=SETTINGS).click()
    desk.find(CONFIRM)
    said = desk.text_of(CONFIRM)
    assert "safety copy" in said and "reloads" in said, said
    desk.audit("backups-restore-confirm")
    desk.screenshot("72-backups-restore-confirm")
    desk.button("Restore and reload", within=CONFIRM).click()
    # The window reloads on the restored store, locked: its operators are the backup's.
    desk.find("//h1[normalize-space()='The desk is locked']", timeout=60)
    desk.at_the_desk()
    assert listed(desk, EARLIER), "the customer from before the backup is there"
    assert not listed(desk, LATER), "the customer made after the backup is gone"
    safety = glob.glob(str(store_folder() / "customers.before-restore-*.db"))
    assert len(safety) == 1, f"the store before the restore is kept aside: {safety}"
