"""A cashier's morning in the real window, step by step (the order of the tests matters).

Each screen and dialog the morning passes through is audited for accessibility on the way
(`desk.audit`, e2e/a11y.py)."""

import re

NAME = "Esther Wairimu E2E"
EMAIL = "esther.e2e@example.co.ke"

TABLE = "//table[@aria-label='Customers']"
DETAILS = "//*[@role='region'][@aria-label='Customer details']"
DIALOG = "//*[@role='dialog']"


def rows_text(desk):
    return [row.text for row in desk.driver.find_elements("xpath", f"{TABLE}//tbody/tr")]


def figure(desk, card):
    # textContent, not WebDriver's rendered text: WebKitWebDriver leaves out the figure while
    # its number is styled for display (seen with tabular numerals).
    card = desk.find(f"//section[@aria-label='{card}']")
    return desk.driver.execute_script("return arguments[0].textContent", card)


def search(desk, text):
    field = desk.type_into("Search customers", text)
    return field


def open_customer(desk, name):
    search(desk, name)
    # The name, as a person clicks the name they see.
    desk.click(f"{TABLE}//tbody/tr/td[1]//*[normalize-space()='{name}']")
    desk.find(f"{DETAILS}//h1[contains(., '{name}')] | {DETAILS}//h2[contains(., '{name}')]")


def back_to_list(desk):
    desk.button("Back to customers").click()
    desk.gone(DETAILS)


def test_first_start_offers_demo_data(desk):
    offer = desk.find("//button[contains(normalize-space(), 'Load demo data')]", timeout=30)
    desk.screenshot("01-empty-store")
    desk.audit("welcome")
    offer.click()
    desk.wait(lambda d: len(rows_text(desk)) >= 10, timeout=120, message="demo customers listed")
    desk.wait(lambda d: re.search(r"(?<![0-9])1,000(?![0-9])", figure(desk, "Total customers")), message="1,000 customers counted")
    desk.screenshot("02-customers")
    desk.audit("customers")


def described(desk, field):
    """What a field says under it (its error or hint), as a screen reader hears it."""
    return desk.driver.execute_script(
        "return (arguments[0].getAttribute('aria-describedby') || '').split(' ').filter(Boolean)"
        ".map((id) => document.getElementById(id)?.textContent || '').join(' ')", field)


def test_create_customer_after_a_bad_email(desk):
    taken = desk.find(f"{TABLE}//tbody/tr[1]/td[2]").get_attribute("title")
    taken_by = desk.find(f"{TABLE}//tbody/tr[1]/td[1]//button").get_attribute("title")
    desk.button("New customer").click()
    desk.find(f"{DIALOG}[@aria-label='New customer']")
    desk.audit("new-customer")
    # Required fields are marked, for the eye and for a screen reader.
    for name in ("Name", "Email", "Phone"):
        assert desk.labelled(name).get_attribute("required") is not None, f"{name} not marked required"
    desk.find(f"{DIALOG}//*[contains(normalize-space(), '* required')]")
    # The status select looks like the other fields, not disabled.
    looks = desk.driver.execute_script(
        "const [a, b] = arguments; const s = (e) => getComputedStyle(e);"
        "return [s(a).backgroundColor === s(b).backgroundColor, s(a).opacity]",
        desk.labelled("Status"), desk.labelled("Name"))
    assert looks == [True, "1"], looks
    # A balance is previewed only as it will be stored: 12.345 is not shown as KES 12.35.
    balance = desk.type_into("Balance", "12.345")
    desk.wait(lambda d: "more than 2 decimal places" in described(desk, balance), message="12.345 refused in the preview")
    assert "12.35" not in desk.driver.execute_script("return document.querySelector('[role=dialog]').textContent")
    desk.type_into("Balance", "")

    desk.type_into("Name", NAME)
    desk.type_into("Email", "esther@")
    desk.type_into("Phone", "0722 123 456")
    # A join date in the future is refused at its field, with the email's error beside it.
    desk.type_into("Join date", "15/01/2031")
    desk.button("Save", within=DIALOG).click()
    error = desk.find("//*[@id='email-error']")
    desk.wait(lambda d: "email" in error.text.lower() or "valid" in error.text.lower(), message="email error text")
    join_error = desk.find("//*[@id='join_date-error']")
    assert "to today" in join_error.text, join_error.text
    desk.screenshot("03-form-field-error")
    desk.audit("new-customer-field-error")
    desk.type_into("Join date", "")
    desk.type_into("Join date", desk.driver.execute_script(
        "const d = new Date(); return [d.getDate(), d.getMonth() + 1, d.getFullYear()].map((n) => String(n).padStart(2, '0')).join('/')"))

    # An email another customer has (in other case) is said under Email, as a sentence, with
    # the focus kept there and a way to open that customer.
    desk.type_into("Email", taken.upper())
    desk.button("Save", within=DIALOG).click()
    desk.wait(lambda d: "already used by another customer" in desk.find("//*[@id='email-error']").text,
              message="the taken email said at its field")
    assert desk.focused()["name"].startswith("Email"), desk.focused()
    assert not desk.driver.find_elements("xpath", f"{DIALOG}//*[contains(@class, 'form-alert')]")
    desk.button(f"Open {taken_by}", within=DIALOG)
    desk.screenshot("03b-form-email-taken")
    desk.audit("new-customer-email-taken")

    desk.type_into("Email", EMAIL)
    desk.button("Save", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='New customer']")


def test_search_by_a_phone_fragment_in_local_form(desk):
    search(desk, "0722 123 4")
    desk.wait(lambda d: any(NAME in r for r in rows_text(desk)), message=f"found by 0722 123 4: {rows_text(desk)}")
    desk.screenshot("04-search-phone")


def test_filter_by_status(desk):
    search(desk, "")
    desk.choose("Status filter", "Suspended")

    def only_suspended(_):
        badges = [b.text.strip().lower() for b in desk.driver.find_elements("xpath", f"{TABLE}//*[contains(@class, 'badge')]")]
        return badges and all(b == "suspended" for b in badges)

    desk.wait(only_suspended, message="only suspended customers listed")
    desk.screenshot("05-filter-suspended")
    desk.choose("Status filter", "All statuses")


def test_edit_the_customer(desk):
    open_customer(desk, NAME)
    desk.settled()
    desk.audit("customer-detail")
    desk.button("Edit", within=DETAILS).click()
    desk.find(f"{DIALOG}[@aria-label='Edit customer']")
    desk.audit("edit-customer")
    desk.type_into("Address", "14 Moi Avenue, Nairobi")
    desk.button("Save", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='Edit customer']")
    desk.find(f"{DETAILS}//*[contains(text(), '14 Moi Avenue, Nairobi')]")
    # The phone typed in local form is shown normalised.
    desk.find(f"{DETAILS}//*[contains(text(), '+254722123456')]")
    desk.screenshot("06-customer-detail")


def test_suspend_and_see_the_badge(desk):
    desk.button("Suspend", within=DETAILS).click()
    desk.find(f"{DETAILS}//*[contains(@class, 'badge')][normalize-space()='suspended' or normalize-space()='Suspended']")
    desk.button("Activate", within=DETAILS)


def test_set_usage_after_a_number_that_is_not_one(desk):
    desk.button("Set usage", within=DETAILS).click()
    desk.find(f"{DIALOG}[@aria-label='Set usage']")
    desk.audit("set-usage")
    desk.type_into("Usage (%)", "lots")
    desk.button("Save usage").click()
    error = desk.find("//*[@id='usage_percentage-error']")
    assert "whole number" in error.text, error.text
    desk.audit("set-usage-field-error")
    desk.type_into("Usage (%)", "85")
    desk.type_into("Devices", "3")
    desk.button("Save usage").click()
    desk.gone(f"{DIALOG}[@aria-label='Set usage']")
    desk.find(f"{DETAILS}//*[contains(@class, 'usage-text')][normalize-space()='85%']")


def test_set_a_balance_and_see_the_stats_change(desk):
    back_to_list(desk)
    before = figure(desk, "Total balance")
    open_customer(desk, NAME)
    desk.button("Set balance", within=DETAILS).click()
    desk.find(f"{DIALOG}[@aria-label='Set balance']")
    desk.audit("set-balance")
    desk.type_into("New balance (KES)", "12345.67")
    desk.button("Save balance").click()
    desk.find(f"{DETAILS}//*[contains(text(), '12,345.67')]")
    # What this morning did to the customer, before → after.
    desk.open_tab("History")
    desk.find(f"{DETAILS}//*[@role='tabpanel']//li[contains(., 'Address')]")
    desk.audit("customer-history")
    back_to_list(desk)
    desk.wait(lambda d: figure(desk, "Total balance") != before, message="total balance changed")
    desk.screenshot("07-stats-after-balance")


def test_delete_is_refused_for_a_customer_with_invoices(desk):
    search(desk, "")
    refusal = None
    for attempt in range(6):
        # Demo customers only: the one this run created has no records (the next step deletes it).
        desk.click(f"({TABLE}//tbody/tr[not(contains(., 'E2E'))])[{attempt + 1}]/td[1]//button")
        desk.find(DETAILS)
        desk.button("Delete customer", within=DETAILS).click()
        desk.find(f"{DIALOG}[@aria-label='Delete customer']")
        if attempt == 0:
            desk.audit("delete-customer")
        desk.button("Delete", within=DIALOG).click()
        alerts = []
        desk.wait(lambda d: alerts.extend(a.text for a in d.find_elements("xpath", "//*[@role='alert']") if "invoice" in a.text)
                  or alerts or not d.find_elements("xpath", DETAILS), message="refused or deleted")
        if alerts:
            refusal = alerts[0]
            break
    assert refusal and re.search(r"\d+ invoice", refusal), refusal
    desk.screenshot("08-delete-refused")
    desk.audit("delete-refused")
    desk.driver.find_element("tag name", "body").send_keys("\ue00c")  # Esc closes what is open
    desk.gone(DIALOG)


def test_look_through_the_records_of_a_customer_with_invoices(desk):
    # The customer whose deletion was just refused: invoices, and maybe payments and tickets.
    for tab in ("Invoices", "Payments", "Tickets"):
        desk.open_tab(tab)
        if tab == "Tickets":
            # A ticket's description and resolution are a click away: opened, to be seen.
            summaries = [e for e in desk.driver.find_elements("xpath", f"{DETAILS}//details/summary") if e.is_displayed()]
            if summaries:
                summaries[0].click()
        desk.audit(f"customer-{tab.lower()}")


def test_delete_a_customer_without_records(desk):
    if desk.driver.find_elements("xpath", DETAILS):
        back_to_list(desk)
    open_customer(desk, NAME)
    desk.button("Delete customer", within=DETAILS).click()
    desk.button("Delete", within=DIALOG).click()
    desk.gone(DETAILS)
    search(desk, EMAIL)
    desk.wait(lambda d: not any(NAME in r for r in rows_text(desk)), message="deleted customer no longer listed")
    desk.find(f"{TABLE}//*[contains(., 'No customers match')]")
    desk.audit("customers-no-match")
