"""Who is at the desk, in the real window: the first start sets up the first supervisor, who adds
a cashier; the desk locks; the cashier signs in by PIN, is refused what only a supervisor may
do (with the refusal shown and nothing changed), and the history names them; three wrong PINs
make the next try wait. The order of the tests matters.

Run alone (`e2e/run.sh e2e/test_operators.py`) the store is fresh and the first step is the
first-start setup; after other modules it is the lock screen of a desk they set up."""

import pytest

from conftest import SUPERVISOR, SUPERVISOR_PIN, Desk, end_session, start_app

CASHIER = "Carol Cashier E2E"
CASHIER_PIN = "1357"
# The cashier's own customer: the other modules' customers (and the demo ones, which central
# does not have) are left alone, so the sync module finds nothing of this one's in its queue.
CUSTOMER = "Operators Wanjiku E2E"
CUSTOMER_EMAIL = "operators.wanjiku.e2e@example.co.ke"

TABLE = "//table[@aria-label='Customers']"
DETAILS = "//*[@role='region'][@aria-label='Customer details']"
DIALOG = "//*[@role='dialog']"
LOCKED = "//h1[normalize-space()='The desk is locked']"


@pytest.fixture(scope="module")
def desk():
    # Not the shared fixture: this module looks at the setup and lock screens itself.
    desk = Desk(start_app())
    yield desk
    end_session(desk.driver)


def at_sizes(desk, name):
    """Screenshots at a 1366×768 laptop's window and at 800×600, then back."""
    for width, height in ((1366, 700), (800, 600)):
        desk.driver.set_window_size(width, height)
        desk.wait(lambda d: d.execute_script("return window.innerWidth") <= width, message="resized")
        desk.screenshot(f"{name}-{width}x{height}")
    desk.driver.set_window_size(1280, 800)


def alert_text(desk, within=""):
    return desk.find(f"{within}//*[@role='alert']").text


def test_the_first_start_sets_up_the_first_supervisor(desk):
    screen = desk.screen()
    if screen == "setup":
        # A fresh store: nothing but the setup can be done.
        assert not desk.driver.find_elements("xpath", TABLE)
        desk.audit("setup")
        at_sizes(desk, "40-setup")
        # Two different PINs are caught before anything is sent.
        desk.type_into("Your name", SUPERVISOR)
        desk.type_into("Choose a PIN", SUPERVISOR_PIN)
        desk.type_into("Type the PIN again", "9999")
        desk.button("Set up this desk").click()
        assert "not the same" in desk.find("//*[@id='pin_again-error']").text
        desk.set_up(name=SUPERVISOR, pin=SUPERVISOR_PIN)
    else:
        # Set up by an earlier module: the desk starts locked, offering its supervisor.
        assert screen == "locked", screen
        desk.find(f"//label[contains(@class, 'operator-option')][.//*[normalize-space()='{SUPERVISOR}']]")
        desk.sign_in(SUPERVISOR, SUPERVISOR_PIN)
        desk.signed_in_as(SUPERVISOR)
    desk.find("//header//*[contains(@class, 'signed-in-role')][normalize-space()='Supervisor']")
    if desk.driver.find_elements("xpath", "//button[normalize-space()='Load demo data']"):
        desk.button("Load demo data").click()
    desk.wait(lambda d: len(d.find_elements("xpath", f"{TABLE}//tbody/tr")) >= 5, timeout=120, message="customers listed")


def test_the_supervisor_adds_a_cashier(desk):
    desk.button("Operators").click()
    desk.find(f"{DIALOG}[@aria-label='Operators']")
    desk.type_into("Name", CASHIER)
    desk.type_into("PIN", "12")
    desk.button("Add operator").click()
    assert "at least 4 digits" in desk.find("//*[@id='pin-error']").text
    desk.type_into("PIN", CASHIER_PIN)
    desk.button("Add operator").click()
    desk.find(f"{DIALOG}//tr/th[normalize-space()='{CASHIER}']")
    # The only supervisor cannot step down: the desk would have nobody to manage it.
    desk.choose(f"Role of {SUPERVISOR}", "Cashier")
    assert "last active supervisor" in alert_text(desk, DIALOG)
    desk.screenshot("41-operators")
    desk.audit("operators")
    desk.button("Close", within=DIALOG).click()
    desk.gone(DIALOG)


def test_lock_and_sign_in_as_the_cashier_by_pin(desk):
    desk.lock()
    assert not desk.driver.find_elements("xpath", TABLE), "nothing of the desk stays on screen"
    desk.click(f"//label[contains(@class, 'operator-option')][.//*[normalize-space()='{CASHIER}']]")
    desk.audit("lock-screen")
    at_sizes(desk, "42-lock-screen")
    # Digits, a correction with Backspace, then Enter: the keyboard alone.
    desk.press("1", "3", "5", "8", "\ue003", "7", "\ue007")
    desk.signed_in_as(CASHIER)
    desk.find("//header//*[contains(@class, 'signed-in-role')][normalize-space()='Cashier']")
    assert not desk.driver.find_elements("xpath", "//header//button[normalize-space()='Operators']")


def test_a_cashier_is_refused_setting_a_balance_and_deleting(desk):
    # A cashier may add a customer.
    desk.button("New customer").click()
    desk.find(f"{DIALOG}[@aria-label='New customer']")
    desk.type_into("Name", CUSTOMER)
    desk.type_into("Email", CUSTOMER_EMAIL)
    desk.type_into("Phone", "0733 765 432")
    desk.type_into("Balance", "500")
    desk.button("Save", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='New customer']")
    desk.type_into("Search customers", CUSTOMER_EMAIL)
    desk.click(f"{TABLE}//tbody/tr/td[1]//*[normalize-space()='{CUSTOMER}']")
    desk.find(f"{DETAILS}//h2[contains(., '{CUSTOMER}')]")
    before = desk.find(f"{DETAILS}//*[contains(@class, 'balance-figure')]").text
    desk.button("Set balance", within=DETAILS).click()
    desk.find(f"{DIALOG}[@aria-label='Set balance']")
    desk.type_into("New balance (KES)", "1.00")
    desk.button("Save balance").click()
    desk.wait(lambda d: "Only a supervisor can set a balance directly" in d.find_element("xpath", DIALOG).text,
              message="the refusal shown")
    desk.screenshot("43-cashier-refused")
    desk.driver.find_element("tag name", "body").send_keys("\ue00c")  # Esc
    desk.gone(DIALOG)
    assert desk.find(f"{DETAILS}//*[contains(@class, 'balance-figure')]").text == before, "the balance is as it was"

    desk.button("Delete customer", within=DETAILS).click()
    desk.button("Delete", within=DIALOG).click()
    desk.wait(lambda d: "Only a supervisor can delete a customer." in d.find_element("xpath", DIALOG).text,
              message="the refusal shown")
    desk.driver.find_element("tag name", "body").send_keys("\ue00c")
    desk.gone(DIALOG)
    desk.find(DETAILS)


def test_the_history_names_the_cashier(desk):
    desk.button("Suspend", within=DETAILS).click()
    desk.find(f"{DETAILS}//*[contains(@class, 'badge')][normalize-space()='suspended']")
    desk.click(f"{DETAILS}//*[@role='tab'][normalize-space()='History']")
    desk.find(f"{DETAILS}//*[@role='tabpanel']//*[contains(@class, 'history-actor')][normalize-space()='{CASHIER}']")
    desk.screenshot("44-history-names-the-cashier")


def test_three_wrong_pins_make_the_next_try_wait(desk):
    desk.button("Back to customers").click()
    desk.lock()
    desk.sign_in(CASHIER, "0000")
    assert "2 more tries" in alert_text(desk)
    desk.type_into(f"PIN for {CASHIER}", "0000\ue007")
    desk.wait(lambda d: "One more try" in alert_text(desk), message="one more try")
    desk.type_into(f"PIN for {CASHIER}", "0000\ue007")
    wait = desk.find("//*[@role='status'][contains(., 'Too many wrong PINs')]")
    assert "0:30" in wait.text or "0:29" in wait.text, wait.text
    assert not desk.button("Sign in").is_enabled()
    desk.audit("lock-screen-wait")
    desk.screenshot("45-lock-screen-wait")
    # The supervisor is not held up by the cashier's wait.
    desk.sign_in(SUPERVISOR, SUPERVISOR_PIN)
    desk.signed_in_as(SUPERVISOR)


def test_the_supervisor_deletes_what_the_cashier_could_not(desk):
    desk.type_into("Search customers", CUSTOMER_EMAIL)
    desk.click(f"{TABLE}//tbody/tr/td[1]//*[normalize-space()='{CUSTOMER}']")
    desk.button("Delete customer", within=DETAILS).click()
    desk.button("Delete", within=DIALOG).click()
    desk.gone(DETAILS)
