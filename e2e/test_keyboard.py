"""A cashier who never touches the mouse, in the real window: from the list, with Tab,
Shift+Tab, Enter, Esc, the arrow keys and the app's shortcuts only (ui/src/widgets/Shortcuts.tsx),
open a customer, open and close each of its dialogs, move through its records, create a customer
and delete them again, and open Sync and its sign-in dialog. Wherever the focus lands on a
control, it can be seen. The order of the tests matters."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

NAME = "Keyboard Njeri E2E"
EMAIL = "keyboard.njeri.e2e@example.co.ke"

TABLE = "//table[@aria-label='Customers']"
DETAILS = "//*[@role='region'][@aria-label='Customer details']"
DIALOG = "//*[@role='dialog']"
FIELDS = ("input", "select", "textarea")


def matches(focused, name):
    # A field's name is its label, which may carry more than the word (a required mark).
    return focused["name"] == name or (focused["tag"] in FIELDS and focused["name"].startswith(name))


def expect_focus(desk, name):
    """The focus is on the control named `name`, and shows."""
    seen = []

    def on_it(_):
        seen[:] = [desk.focused()]
        return seen[0] and matches(seen[0], name)

    desk.wait(on_it, timeout=5, message=f"the focus on {name!r}, not on {seen}")
    assert seen[0]["visible"], f"the focus on {name!r} cannot be seen: {seen[0]}"


def shift_tab(desk):
    ActionChains(desk.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()


def tab_to(desk, name, back=False, limit=60):
    """Tab (Shift+Tab with `back`) until the control named `name` has the focus; every control
    the focus passes on the way must show it too."""
    passed = []
    for _ in range(limit):
        shift_tab(desk) if back else desk.press(Keys.TAB)
        focused = desk.focused()
        assert focused, f"the focus left the page after {passed}"
        assert focused["visible"], f"the focus on {focused['name']!r} cannot be seen: {focused}"
        if matches(focused, name):
            return
        passed.append(focused["name"])
    raise AssertionError(f"{name!r} not reached by {'Shift+' if back else ''}Tab; passed {passed}")


def open_and_close(desk, button, dialog, first):
    """From the focused `button`, Enter opens `dialog` with the focus on its `first` control;
    Esc closes it and the focus is back on the button."""
    desk.press(Keys.ENTER)
    desk.find(f"{DIALOG}[@aria-label='{dialog}']")
    expect_focus(desk, first)
    desk.press(Keys.ESCAPE)
    desk.gone(DIALOG)
    expect_focus(desk, button)


def test_the_list_by_keyboard(desk):
    desk.find("//section[@aria-label='Sync status']", timeout=30)
    if desk.driver.find_elements("xpath", "//button[normalize-space()='Load demo data']"):
        # This module run alone, on an empty store: the welcome screen, by keyboard too.
        tab_to(desk, "Load demo data")
        desk.press(Keys.ENTER)
    desk.wait(lambda d: len(d.find_elements("xpath", f"{TABLE}//tbody/tr[contains(@class, 'row')]")) >= 10,
              timeout=120, message="customers listed")
    desk.press("/")
    expect_focus(desk, "Search customers")
    tab_to(desk, "Status filter")
    tab_to(desk, "New customer")
    # Back up to the top bar: the sync status's buttons come before the screen.
    tab_to(desk, "Sync details", back=True)


def test_open_a_customer_and_each_dialog(desk):
    desk.press("/")
    expect_focus(desk, "Search customers")
    # ↓ moves the highlight to the first customer, Enter opens them.
    desk.press(Keys.ARROW_DOWN, Keys.ENTER)
    desk.find(f"{DETAILS}//h2")
    # The customer's name has the focus (so a screen reader says whose page this is); it is a
    # heading, not a control, and shows no ring. The next Tab goes on to the actions.
    desk.wait(lambda d: (desk.focused() or {}).get("tag") == "h2", message="the focus on the customer's name")
    tab_to(desk, "Edit")
    open_and_close(desk, "Edit", "Edit customer", "Name")
    tab_to(desk, "Set balance")
    open_and_close(desk, "Set balance", "Set balance", "New balance (KES)")
    tab_to(desk, "Set usage")
    open_and_close(desk, "Set usage", "Set usage", "Usage (%)")
    tab_to(desk, "Delete customer")
    # Deleting starts on Cancel: Enter right away deletes nothing.
    open_and_close(desk, "Delete customer", "Delete customer", "Cancel")


def test_move_through_the_records_with_the_arrow_keys(desk):
    tab_to(desk, "Invoices")
    for name in ("Payments", "Statement", "Tickets", "History"):
        desk.press(Keys.ARROW_RIGHT)
        expect_focus(desk, name)
        desk.find(f"{DETAILS}//*[@role='tab'][@aria-selected='true'][normalize-space()='{name}']")
    desk.press(Keys.HOME)
    expect_focus(desk, "Invoices")
    tab_to(desk, "Invoice status filter")
    # Esc goes back to the list, with the cursor in the search box for the next customer.
    desk.press(Keys.ESCAPE)
    desk.gone(DETAILS)
    expect_focus(desk, "Search customers")


def test_create_a_customer_and_delete_them_again(desk):
    tab_to(desk, "New customer")
    desk.press(Keys.ENTER)
    desk.find(f"{DIALOG}[@aria-label='New customer']")
    expect_focus(desk, "Name")
    desk.press(NAME, Keys.TAB)
    expect_focus(desk, "Email")
    desk.press(EMAIL, Keys.TAB)
    expect_focus(desk, "Phone")
    # Enter in a field saves the form.
    desk.press("0711 222 333", Keys.ENTER)
    desk.gone(DIALOG)
    expect_focus(desk, "New customer")
    # "/" from anywhere but a field: to the search box; the one match opens with Enter.
    desk.press("/")
    expect_focus(desk, "Search customers")
    desk.press(EMAIL)
    desk.find(f"{TABLE}//tbody/tr[contains(., '{NAME}')]")
    desk.wait(lambda d: len(d.find_elements("xpath", f"{TABLE}//tbody/tr[contains(@class, 'row')]")) == 1,
              message="only the new customer listed")
    desk.press(Keys.ENTER)
    desk.find(f"{DETAILS}//h2[normalize-space()='{NAME}']")
    tab_to(desk, "Delete customer")
    desk.press(Keys.ENTER)
    expect_focus(desk, "Cancel")
    tab_to(desk, "Delete")
    desk.press(Keys.ENTER)
    desk.gone(DETAILS)
    expect_focus(desk, "Search customers")
    desk.wait(lambda d: not d.find_elements("xpath", f"{TABLE}//tbody/tr[contains(., '{NAME}')]"),
              message="the deleted customer no longer listed")


def test_the_shortcuts_open_and_close(desk):
    # Out of the search box (Esc empties it, then leaves it), the one-key shortcuts work.
    desk.press(Keys.ESCAPE, Keys.ESCAPE)
    desk.press("n")
    desk.find(f"{DIALOG}[@aria-label='New customer']")
    expect_focus(desk, "Name")
    desk.press(Keys.ESCAPE)
    desk.gone(DIALOG)
    desk.press("s")
    desk.find("//main[@aria-labelledby='sync-title']")
    desk.press(Keys.ESCAPE)
    desk.gone("//main[@aria-labelledby='sync-title']")
    expect_focus(desk, "Search customers")


def test_sync_and_its_dialog_by_keyboard(desk):
    tab_to(desk, "Sync details", back=True)
    desk.press(Keys.ENTER)
    desk.find("//main[@aria-labelledby='sync-title']")
    signed_in = desk.driver.find_elements("xpath", "//main//button[normalize-space()='Sync account']")
    account = "Sync account" if signed_in else "Sign in to sync"
    tab_to(desk, account)
    desk.press(Keys.ENTER)
    desk.find(f"{DIALOG}[@aria-label='Sync settings']")
    expect_focus(desk, "Close" if signed_in else "Central address")
    desk.press(Keys.ESCAPE)
    desk.gone(DIALOG)
    expect_focus(desk, account)
    tab_to(desk, "Queue")
    for name in ("Conflicts", "Records from central"):
        desk.press(Keys.ARROW_RIGHT)
        expect_focus(desk, name)
    desk.press(Keys.ESCAPE)
    desk.gone("//main[@aria-labelledby='sync-title']")
    expect_focus(desk, "Search customers")
