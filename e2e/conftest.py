"""End-to-end tests in the real app window: WebKitWebDriver through tauri-driver, under Xvfb.

`run.sh` starts the display and tauri-driver (with a fresh data folder, so the app starts on an
empty store) and then pytest. One app session serves the whole module: the tests are the steps
of a cashier's morning, in order.

Every app start meets the desk's first-start setup (a fresh store) or its lock screen (a store
set up by an earlier module, or the same one after a restart): the `desk` fixture gets past
either through the window, as Sam Supervisor, so each module starts at the desk signed in.
"""

import os
import subprocess
import threading
import time
import pathlib

import pytest
from PIL import ImageGrab
from selenium import webdriver
from selenium.common.exceptions import ElementNotInteractableException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import WebDriverWait

import a11y

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTIFACTS = pathlib.Path(os.environ.get("INFORA_E2E_ARTIFACTS", ROOT / "artifacts" / "e2e"))

# The desk's first supervisor, whom every module signs in as.
SUPERVISOR = "Sam Supervisor"
SUPERVISOR_PIN = "2468"
SHOP_NAME = "Infora WiFi E2E"

# Run in the page: which of the three the window shows now (or nothing yet).
WHICH_SCREEN = """
const h1 = [...document.querySelectorAll('h1')].map((h) => h.textContent.trim());
if (h1.includes('Set up this desk')) return 'setup';
if (h1.includes('The desk is locked')) return 'locked';
if (document.querySelector('header.topbar .signed-in-name')) return 'desk';
return null;
"""


class Desk:
    """The app window, found the way a person finds things: by role, label and name."""

    def __init__(self, driver):
        self.driver = driver
        # What the audits of the running step found; the step fails on it at its end.
        self.a11y_failures = []

    def restart(self):
        """After the app was killed: the session ends, and the app starts again on the same
        store and keychain."""
        try:
            self.driver.quit()
        except Exception:  # the app is gone; its session may be too
            pass
        self.driver = start_app()
        self.at_the_desk()

    def screen(self, timeout=30):
        """'setup', 'locked' or 'desk': what the window shows once it has started."""
        return self.wait(lambda d: d.execute_script(WHICH_SCREEN), timeout, "no setup, lock or desk screen")

    def set_up(self, shop=SHOP_NAME, name=SUPERVISOR, pin=SUPERVISOR_PIN):
        """The first-start screen, filled in as a person would."""
        self.find("//h1[normalize-space()='Set up this desk']")
        self.type_into("Shop name", shop)
        self.type_into("Your name", name)
        self.type_into("Choose a PIN", pin)
        self.type_into("Type the PIN again", pin)
        self.button("Set up this desk").click()
        self.signed_in_as(name)

    def sign_in(self, name, pin):
        """On the lock screen: choose `name`, type the PIN, Enter. Returns at the desk, or on
        the lock screen with its answer showing if the PIN was refused."""
        self.find("//h1[normalize-space()='The desk is locked']")
        self.click(f"//label[contains(@class, 'operator-option')][.//*[normalize-space()='{name}']]")
        self.type_into(f"PIN for {name}", pin + "\ue007")  # Enter

    def signed_in_as(self, name):
        self.find(f"//header//*[contains(@class, 'signed-in-name')][normalize-space()='{name}']", timeout=30)

    def lock(self):
        self.button("Lock").click()
        self.find("//h1[normalize-space()='The desk is locked']")

    def at_the_desk(self, name=SUPERVISOR, pin=SUPERVISOR_PIN):
        """Past the first-start setup or the lock screen, signed in as `name`."""
        screen = self.screen()
        if screen == "setup":
            self.set_up(name=name, pin=pin)
        elif screen == "locked":
            self.sign_in(name, pin)
            self.signed_in_as(name)

    def wait(self, condition, timeout=15, message=""):
        return WebDriverWait(self.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
            condition, message
        )

    def find(self, xpath, timeout=15):
        return self.wait(lambda d: next((e for e in d.find_elements(By.XPATH, xpath) if e.is_displayed()), None),
                         timeout, f"nothing visible at {xpath}")

    def click(self, xpath, timeout=15):
        """Clicks the element at `xpath` once it can take a click (lists re-render while a
        search settles, so the first element found may be replaced or still fading in)."""

        def attempt(driver):
            element = next((e for e in driver.find_elements(By.XPATH, xpath) if e.is_displayed()), None)
            if element is None:
                return False
            try:
                element.click()
                return True
            except (ElementNotInteractableException, StaleElementReferenceException):
                return False

        self.wait(attempt, timeout, f"could not click {xpath}")

    def gone(self, xpath, timeout=15):
        self.wait(lambda d: not any(e.is_displayed() for e in d.find_elements(By.XPATH, xpath)), timeout,
                  f"still visible: {xpath}")

    def button(self, name, within=None):
        """The visible button whose accessible name is `name` (aria-label, or its text without
        aria-hidden decorations), inside the element at XPath `within` if given."""
        return self.wait(lambda d: d.execute_script(
            """
            const [name, within] = arguments;
            const scope = within
              ? document.evaluate(within, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue
              : document;
            if (!scope) return null;
            const accessibleName = (button) => {
              if (button.getAttribute('aria-label')) return button.getAttribute('aria-label');
              const copy = button.cloneNode(true);
              copy.querySelectorAll('[aria-hidden="true"]').forEach((e) => e.remove());
              return copy.textContent.trim().replace(/\\s+/g, ' ');
            };
            return [...scope.querySelectorAll('button')]
              .find((b) => b.offsetParent !== null && accessibleName(b) === name) || null;
            """, name, within.rstrip("/") if within else None), 15, f"no visible button named {name!r}")

    def labelled(self, name):
        """The input a <label> names, or the element whose aria-label is `name`."""
        return self.wait(lambda d: d.execute_script(
            """
            const name = arguments[0];
            const visible = (e) => e && e.offsetParent !== null;
            for (const label of document.querySelectorAll('label')) {
              if (label.textContent.trim().replace(/\\s+/g, ' ').startsWith(name)) {
                const target = label.htmlFor ? document.getElementById(label.htmlFor)
                                             : label.querySelector('input, select, textarea');
                if (visible(target)) return target;
              }
            }
            const byAria = [...document.querySelectorAll('[aria-label]')]
              .find((e) => e.getAttribute('aria-label') === name && visible(e));
            return byAria || null;
            """, name), 15, f"no field labelled {name!r}")

    def type_into(self, name, text):
        field = self.labelled(name)
        # Emptied key by key as a person would: clear() alone does not tell a React-controlled
        # input that its value changed.
        current = field.get_attribute("value") or ""
        field.send_keys("\ue010" + "\ue003" * len(current))  # End, then Backspace
        if text:
            field.send_keys(text)
        return field

    def choose(self, name, option_text):
        select = self.labelled(name)
        for option in select.find_elements(By.TAG_NAME, "option"):
            if option.text.strip() == option_text:
                option.click()
                return
        raise AssertionError(f"{name!r} has no option {option_text!r}")

    def settled(self):
        """Nothing on the page is loading (an audit of skeletons would check placeholders)."""
        self.wait(lambda d: not d.find_elements(By.XPATH, "//*[@aria-busy='true']"), message="the page loaded")

    def open_tab(self, name, within="//*[@role='region'][@aria-label='Customer details']"):
        """Opens the tab named `name` (a customer's, unless `within` says otherwise) and waits for
        what it shows."""
        self.click(f"{within}//*[@role='tab'][normalize-space()='{name}']")
        self.find(f"{within}//*[@role='tab'][@aria-selected='true'][normalize-space()='{name}']")
        self.settled()

    def text_of(self, xpath):
        return self.find(xpath).text

    def new_customer(self, name, email, phone):
        """Adds a customer through the form, saved with Enter as a cashier does. On an empty store
        the welcome screen offers the same form."""
        form = "//*[@role='dialog'][@aria-label='New customer']"
        self.click("//button[normalize-space()='New customer' or normalize-space()='Add your first customer']")
        self.find(form)
        self.type_into("Name", name)
        self.type_into("Email", email)
        self.type_into("Phone", phone)
        self.press("\ue007")
        self.gone(form)

    def audit(self, name):
        """Audits what the window shows now with axe (e2e/a11y.py): axe's answer goes to
        artifacts/e2e/a11y-<name>.json, and a serious or critical violation fails this step once
        it ends. The step's other actions still run: the next steps start where this one ends."""
        found = a11y.audit(self.driver, name, ARTIFACTS)
        if found:
            self.screenshot(f"a11y-{name}")
            self.a11y_failures.append(found)

    def press(self, *keys):
        """Keys as a person presses them, to whatever has the focus (WebDriver key actions)."""
        actions = ActionChains(self.driver)
        for key in keys:
            actions.send_keys(key)
        actions.perform()

    def focused(self):
        """The focused element: its accessible name (as `button` reads it), role and whether its
        focus can be seen (a computed outline or box-shadow)."""
        return self.driver.execute_script(FOCUSED)

    def screenshot(self, name):
        """The window as it is on the display. Not WebDriver's screenshot: the app draws
        without GPU compositing, and then WebKitWebDriver waits for a frame an idle page never
        draws (src-tauri/lib.rs)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        rect = self.driver.get_window_rect()
        box = (rect["x"], rect["y"], rect["x"] + rect["width"], rect["y"] + rect["height"])
        ImageGrab.grab(bbox=box, xdisplay=os.environ["DISPLAY"]).save(ARTIFACTS / f"{name}.png")


# Run in the page: what has the focus and how it shows. Programmatic focus on a heading (a
# screen's title, focused so a screen reader says where the person is) is not a control and
# may show no ring; everything else must.
FOCUSED = """
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const s = getComputedStyle(e);
const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
let name = e.getAttribute('aria-label');
if (!name && e.labels && e.labels.length) name = e.labels[0].textContent;
if (!name) {
  const copy = e.cloneNode(true);
  copy.querySelectorAll('[aria-hidden="true"]').forEach((x) => x.remove());
  name = copy.textContent;
}
return {
  name: (name || '').trim().replace(/\\s+/g, ' '),
  tag: e.tagName.toLowerCase(),
  role: e.getAttribute('role') || '',
  visible: outline || shadow,
  ring: outline ? `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : shadow ? `box-shadow ${s.boxShadow}` : 'none',
  dialog: !!e.closest('[role="dialog"]'),
};
"""


def app_gone(timeout=30):
    """Waits until no app of ours runs. A module's app closes when its session ends, but not at
    once; one started before it is gone meets the single-instance handover halfway through
    (the old instance leaves D-Bus without answering) and stops with an error."""
    application = os.environ.get("INFORA_APP", str(ROOT / "target" / "debug" / "infora-desk"))
    deadline = time.monotonic() + timeout
    while subprocess.run(["pgrep", "-f", application], capture_output=True).returncode == 0:
        if time.monotonic() > deadline:
            raise AssertionError(f"the app ({application}) did not exit within {timeout} s")
        time.sleep(0.2)


def end_session(driver, timeout=30):
    """Ends a module's session. Ending it closes the app; should the app not close (once under
    heavy load the session's end waited on it without end), it is stopped, so the run goes on
    and the next app does not meet it."""
    quitting = threading.Thread(target=driver.quit, daemon=True)
    quitting.start()
    quitting.join(timeout)
    if quitting.is_alive():
        application = os.environ.get("INFORA_APP", str(ROOT / "target" / "debug" / "infora-desk"))
        subprocess.run(["pkill", "-f", application], check=False)
        quitting.join(timeout)
    app_gone()


def start_app():
    """A new session: tauri-driver starts the app in a window of its own."""
    app_gone()
    application = os.environ.get("INFORA_APP", str(ROOT / "target" / "debug" / "infora-desk"))
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": application})
    port = os.environ.get("INFORA_E2E_PORT", "4444")
    driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
    driver.set_window_size(1280, 800)
    return driver


@pytest.fixture(scope="module")
def desk():
    desk = Desk(start_app())
    desk.at_the_desk()
    yield desk
    end_session(desk.driver)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A step whose audits found violations fails with them; a failed step leaves a screenshot
    of the window as it was."""
    outcome = yield
    report = outcome.get_result()
    desk = item.funcargs.get("desk") if report.when == "call" else None
    if desk is not None and desk.a11y_failures:
        # The audits of this step found violations (Desk.audit): the step fails with them.
        found, desk.a11y_failures = "\n\n".join(desk.a11y_failures), []
        if report.passed:
            report.outcome = "failed"
            report.longrepr = found
        else:
            report.sections.append(("accessibility audit", found))
    if report.when == "call" and report.failed and "desk" in item.funcargs:
        item.funcargs["desk"].screenshot(f"FAILED-{item.name}")
