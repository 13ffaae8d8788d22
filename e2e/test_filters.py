"""The list's advanced filters in the real window: customers who owe and joined in a date range,
each filter a chip in words, the rows and the total following; a chip removed; a refusal shown
at the field it names; the list saved as a view by name and opened again from Views. The panel
and the chips are photographed at 1366×768 and 800×600, light and dark.

It runs after the customers' module (the demo customers are there; run alone, it loads them)
and leaves the list as it found it: no filter in force, the theme as it was; its saved view
stays in the store, which no other module reads. The order of the tests matters."""

import datetime
import re

TABLE = "//table[@aria-label='Customers']"
DIALOG = "//*[@role='dialog']"
PANEL = f"{DIALOG}[@aria-label='Filters']"
VIEWS = f"{DIALOG}[@aria-label='Saved views']"
SETTINGS = f"{DIALOG}[@aria-label='Desk settings']"
CHIPS = "//*[@role='group'][@aria-label='Filters in use']"
VIEW = "Owing, joined last year"

TODAY = datetime.date.today()
JOINED_FROM = TODAY - datetime.timedelta(days=365)
JOINED_TO = TODAY - datetime.timedelta(days=30)


def words(day):
    """A day as the list writes it in Kenya: 1 Jan 2026 (and 1 Sept 2026)."""
    month = "Sept" if day.month == 9 else f"{day:%b}"
    return f"{day.day} {month} {day.year}"


def total(desk):
    """The pager's total: (the number, whether it is an estimate)."""
    text = desk.driver.execute_script("return document.querySelector('.pager-total')?.textContent || ''")
    match = re.search(r"(about )?([\d,]+) customers?", text)
    assert match, f"no total in {text!r}"
    return int(match.group(2).replace(",", "")), bool(match.group(1))


def exact_total(desk):
    desk.wait(lambda d: not total(desk)[1], timeout=30, message="the exact total")
    return total(desk)[0]


def chips(desk):
    """What each chip says (without its ×)."""
    return desk.driver.execute_script(
        "return [...document.querySelectorAll(\"[aria-label='Filters in use'] li > span:first-child\")]"
        ".map((s) => s.textContent.trim())")


def rows(desk):
    """Each row's balance cell (is it owed?) and join date, read as a person reads them."""
    return desk.driver.execute_script(
        """
        return [...document.querySelectorAll("table.customers tbody tr.row")].map((r) => ({
          owes: r.querySelector('.col-balance').classList.contains('owes'),
          joined: r.querySelector('.col-joined').textContent.trim(),
        }));
        """)


def settled_list(desk):
    desk.settled()
    desk.wait(lambda d: d.find_elements("xpath", f"{TABLE}//tbody/tr"), timeout=30, message="rows")


def shots(desk, name, sizes=((1366, 768, "1366x768"), (800, 600, "800x600"))):
    for width, height, suffix in sizes:
        desk.driver.set_window_size(width, height)
        desk.wait(lambda d: d.execute_script("return window.innerWidth") <= width)
        desk.settled()
        desk.screenshot(f"{name}-{suffix}")
    desk.driver.set_window_size(1280, 800)
    desk.wait(lambda d: d.execute_script("return window.innerWidth") > 1100)


def test_the_list_with_no_filter(desk):
    first = desk.find(f"{TABLE} | //button[contains(normalize-space(), 'Load demo data')]", timeout=30)
    if first.tag_name == "button":
        first.click()
    desk.wait(lambda d: len(d.find_elements("xpath", f"{TABLE}//tbody/tr")) >= 10, timeout=120,
              message="customers listed")
    assert not desk.driver.find_elements("xpath", CHIPS)
    everyone = exact_total(desk)
    assert everyone >= 1000, everyone


def test_filter_those_who_owe_and_joined_in_a_date_range(desk):
    everyone = exact_total(desk)
    desk.button("Filters").click()
    desk.find(PANEL)
    desk.click(f"{PANEL}//label[normalize-space()='Owes']")
    desk.type_into("Joined from", JOINED_FROM.strftime("%d/%m/%Y"))
    desk.type_into("Joined to", JOINED_TO.strftime("%d/%m/%Y"))
    desk.audit("filters-panel")
    shots(desk, "40-filters-panel")
    desk.button("Apply", within=PANEL).click()
    desk.gone(PANEL)

    desk.wait(lambda d: chips(desk) == ["Owes", f"Joined {words(JOINED_FROM)} – {words(JOINED_TO)}"],
              message="a chip for each filter, in words")
    settled_list(desk)
    found = exact_total(desk)
    assert 0 < found < everyone, (found, everyone)
    seen = rows(desk)
    assert seen and all(r["owes"] for r in seen), seen
    for r in seen:
        # The region writes September "Sept" (Python's %b says "Sep").
        joined = datetime.datetime.strptime(r["joined"].replace("Sept", "Sep"), "%d %b %Y").date()
        assert JOINED_FROM <= joined <= JOINED_TO, r
    assert desk.button("Filters: 2 in use").is_displayed()
    desk.audit("filters-chips")
    shots(desk, "41-filters-chips")


def test_remove_the_owes_chip(desk):
    before = exact_total(desk)
    desk.button("Remove filter: Owes").click()
    desk.wait(lambda d: chips(desk) == [f"Joined {words(JOINED_FROM)} – {words(JOINED_TO)}"], message="one chip left")
    settled_list(desk)
    desk.wait(lambda d: exact_total(desk) > before, message="more customers without the balance filter")
    assert not all(r["owes"] for r in rows(desk)), "customers who owe nothing are back"


def test_a_refusal_is_said_at_its_field(desk):
    desk.driver.execute_script("document.activeElement?.blur()")
    desk.press("f")  # the panel's shortcut
    desk.find(PANEL)
    desk.type_into("Usage from (%)", "90")
    desk.type_into("Usage to (%)", "10")
    desk.button("Apply", within=PANEL).click()
    usage_to = desk.labelled("Usage to (%)")
    desk.wait(lambda d: usage_to.get_attribute("aria-invalid") == "true", message="the usage to is refused")
    said = desk.driver.execute_script(
        "return document.getElementById(arguments[0].getAttribute('aria-describedby')).textContent", usage_to)
    assert said == "Must not be before the usage from (90; got 10)", said
    assert desk.focused()["name"] == "Usage to (%)"
    desk.type_into("Usage from (%)", "")
    desk.type_into("Usage to (%)", "")
    desk.click(f"{PANEL}//label[normalize-space()='Owes']")
    desk.button("Apply", within=PANEL).click()
    desk.gone(PANEL)
    desk.wait(lambda d: chips(desk)[:1] == ["Owes"], message="owes again")


def test_save_the_view_then_open_it_again(desk):
    filtered = exact_total(desk)
    desk.button("Save view…").click()
    desk.find(VIEWS)
    desk.type_into("Save this list as", VIEW + "\ue007")  # Enter
    desk.find(f"{VIEWS}//button[normalize-space()='{VIEW}']")
    desk.audit("saved-views")
    shots(desk, "42-saved-views")
    desk.button("Close", within=VIEWS).click()
    desk.gone(VIEWS)

    desk.button("Clear all").click()
    desk.wait(lambda d: not d.find_elements("xpath", CHIPS), message="no filter in force")
    settled_list(desk)
    desk.wait(lambda d: exact_total(desk) > filtered, message="everyone again")

    desk.button("Views").click()
    desk.find(VIEWS)
    desk.click(f"{VIEWS}//button[normalize-space()='{VIEW}']")
    desk.gone(VIEWS)
    desk.wait(lambda d: chips(desk) == ["Owes", f"Joined {words(JOINED_FROM)} – {words(JOINED_TO)}"],
              message="the view's filters back")
    assert VIEW in desk.text_of(CHIPS)
    settled_list(desk)
    desk.wait(lambda d: exact_total(desk) == filtered, message="the same customers as when it was saved")


def test_the_filters_in_the_dark_theme(desk):
    desk.button("Settings").click()
    desk.find(SETTINGS)
    was = desk.driver.execute_script(
        "return document.querySelector(\"[aria-label='Desk settings'] input[type='radio']:checked\")"
        "?.closest('label')?.textContent.trim()")
    desk.click(f"{SETTINGS}//label[normalize-space()='Dark']")
    desk.button("Save", within=SETTINGS).click()
    desk.gone(SETTINGS)
    desk.wait(lambda d: d.execute_script("return document.documentElement.dataset.theme") == "dark")
    desk.audit("filters-chips-dark")
    shots(desk, "43-filters-chips-dark", sizes=((800, 600, "800x600"),))
    desk.press("f")
    desk.find(PANEL)
    desk.audit("filters-panel-dark")
    shots(desk, "44-filters-panel-dark", sizes=((1366, 768, "1366x768"),))
    desk.press("\ue00c")  # Esc
    desk.gone(PANEL)

    desk.button("Settings").click()
    desk.find(SETTINGS)
    desk.click(f"{SETTINGS}//label[normalize-space()='{was or 'Same as the computer'}']")
    desk.button("Save", within=SETTINGS).click()
    desk.gone(SETTINGS)
    desk.button("Clear all").click()
    desk.wait(lambda d: not d.find_elements("xpath", CHIPS), message="the list left as it was found")
