"""The till in the real window: a shift opened with its float when the first payment is taken,
bad amounts refused at their field, a cash and an M-Pesa payment each with its receipt, the same
M-Pesa code refused naming its receipt, a void from the payments tab with its own receipt, the
statement adding up, a reprint that says COPY, and the shift closed short into a Z report.
The order of the tests matters."""

import os
import pathlib
import re
import subprocess

TABLE = "//table[@aria-label='Customers']"
DETAILS = "//*[@role='region'][@aria-label='Customer details']"
DIALOG = "//*[@role='dialog']"
NAME = "Achieng Till E2E"
RECEIPT = re.compile(r"(?<![A-Z0-9])[A-Z0-9]{3,8}-\d{8}-\d{6}(?!\d)")


# The receipt's actions: each button's height (one line of text each) and how far the row runs
# past the dialog.
PRINT_ACTIONS = """
const row = document.querySelector('[role="dialog"] .print-actions');
const buttons = [...row.querySelectorAll('button')];
return {
  heights: buttons.map((b) => [b.textContent.trim(), Math.round(b.getBoundingClientRect().height)]),
  overflow: row.scrollWidth - row.clientWidth,
};
"""


def assert_print_actions_fit(desk, where):
    actions = desk.driver.execute_script(PRINT_ACTIONS)
    heights = {h for _, h in actions["heights"]}
    assert len(heights) == 1, f"at {where} a button's words wrap onto a second line: {actions['heights']}"
    assert actions["overflow"] <= 0, f"at {where} the actions run {actions['overflow']} px past the dialog"


def dialog_text(desk):
    return desk.driver.execute_script(
        "const d = [...document.querySelectorAll('[role=dialog]')].pop(); return d ? d.textContent : ''")


def balance(desk):
    summary = desk.find(f"{DETAILS}//*[contains(@class, 'balance-summary')]")
    return desk.driver.execute_script("return arguments[0].textContent", summary)


def take(desk, amount, method="Cash", code=None):
    desk.press("p")
    desk.find(f"{DIALOG}[@aria-label='Take payment']")
    desk.type_into("Amount (KES)", amount)
    desk.click(f"{DIALOG}//label[normalize-space()='{method}']")
    if code is not None:
        desk.type_into("M-Pesa code", code)
    desk.find(f"{DIALOG}//button[@type='submit']").click()


def test_a_customer_who_owes(desk):
    first = desk.find(f"{TABLE} | //button[contains(normalize-space(), 'Load demo data')]", timeout=30)
    if first.tag_name == "button":
        first.click()
    desk.find(TABLE, timeout=120)
    desk.press("n")
    desk.find(f"{DIALOG}[@aria-label='New customer']")
    desk.type_into("Name", NAME)
    desk.type_into("Email", "achieng.till.e2e@example.co.ke")
    desk.type_into("Phone", "0733 111 222")
    desk.type_into("Balance", "3000")
    desk.button("Save", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='New customer']")
    desk.type_into("Search customers", NAME)
    desk.click(f"{TABLE}//tbody/tr/td[1]//*[normalize-space()='{NAME}']")
    desk.find(f"{DETAILS}//h2[contains(., '{NAME}')]")
    desk.settled()


def test_the_first_payment_opens_a_shift_with_its_float(desk):
    desk.press("p")
    desk.find(f"{DIALOG}[@aria-label='Take payment']")
    desk.wait(lambda d: "No shift is open" in dialog_text(desk), message="asked to open a shift")
    desk.screenshot("60-till-open-shift")
    desk.audit("till-open-shift")
    desk.type_into("Cash in the drawer (KES)", "-5")
    desk.find(f"{DIALOG}//button[@type='submit']").click()
    desk.wait(lambda d: "cannot be negative" in dialog_text(desk), message="a negative float refused")
    desk.type_into("Cash in the drawer (KES)", "2000")
    desk.button("Open shift with KES 2,000.00", within=DIALOG).click()
    desk.labelled("Amount (KES)")
    desk.find("//button[contains(@class, 'shift-open')]")


def test_bad_amounts_are_refused_at_the_field(desk):
    for amount, said in (("10.005", "more than 2 decimal places"), ("0", "more than 0")):
        desk.type_into("Amount (KES)", amount)
        desk.find(f"{DIALOG}//button[@type='submit']").click()
        desk.wait(lambda d: said in desk.find("//*[@id='amount-error']").text, message=f"{amount} refused")
    desk.audit("till-payment-error")
    desk.press("\ue00c")  # Escape: nothing was taken
    desk.gone(f"{DIALOG}[@aria-label='Take payment']")
    assert "Owes" in balance(desk) and "KES 3,000.00" in balance(desk), balance(desk)


def test_a_cash_payment_shows_its_receipt(desk):
    desk.press("p")
    desk.type_into("Amount (KES)", "1000")
    desk.wait(lambda d: "New balance: KES 2,000.00 owed" in dialog_text(desk), message="the new balance previewed")
    desk.type_into("Note", "December")
    desk.screenshot("61-till-payment-form")
    desk.audit("till-payment-form")
    desk.button("Take KES 1,000.00", within=DIALOG).click()
    receipt = desk.find(f"{DIALOG}//article[contains(@class, 'receipt')]")
    text = desk.driver.execute_script("return arguments[0].textContent", receipt)
    assert RECEIPT.search(text), text
    for part in ("Amount paid", "KES 1,000.00", "Balance owed", "KES 2,000.00", NAME, "Cash", "December", "Cashier"):
        assert part in text, f"{part!r} not on the receipt: {text}"
    desk.screenshot("62-till-receipt")
    assert_print_actions_fit(desk, "1280×800")
    desk.audit("till-receipt")
    # Saved as a real PDF (INFORA_SAVE_DIR stands in for the save dialog), read back as text.
    number = RECEIPT.search(text).group(0)
    desk.button("Save PDF", within=DIALOG).click()
    pdf = pathlib.Path(os.environ["INFORA_SAVE_DIR"]) / f"Receipt {number}.pdf"
    desk.wait(lambda d: pdf.exists(), message=f"{pdf} written")
    desk.find(f"//*[contains(normalize-space(), 'Saved ')]")
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for part in (number, NAME, "KES 1,000.00", "KES 2,000.00"):
        assert part in printed, f"{part!r} not in the PDF: {printed}"
    desk.driver.set_window_size(800, 600)
    desk.wait(lambda d: d.execute_script("return window.innerWidth") <= 800, message="the window at 800×600")
    desk.screenshot("62b-till-receipt-800x600")
    assert_print_actions_fit(desk, "800×600")
    desk.driver.set_window_size(1280, 800)
    desk.wait(lambda d: d.execute_script("return window.innerWidth") > 800, message="the window back")
    desk.button("Done", within=DIALOG).click()
    desk.gone(DIALOG)
    desk.wait(lambda d: "KES 2,000.00" in balance(desk),
              message="the balance followed")


def test_an_mpesa_code_is_taken_once(desk):
    take(desk, "500", "M-Pesa", "sgh4k2l9xq")
    receipt = desk.find(f"{DIALOG}//article[contains(@class, 'receipt')]")
    first = RECEIPT.search(receipt.text).group(0)
    assert "SGH4K2L9XQ" in receipt.text, receipt.text
    desk.button("Done", within=DIALOG).click()
    desk.gone(DIALOG)
    take(desk, "500", "M-Pesa", "SGH4K2L9XQ")
    desk.wait(lambda d: f"is already on receipt {first}" in desk.find("//*[@id='code-error']").text,
              message="the reused code refused, naming its receipt")
    desk.screenshot("63-till-mpesa-code-used")
    desk.audit("till-mpesa-code-used")
    desk.press("\ue00c")
    desk.gone(DIALOG)


def test_a_supervisor_voids_a_payment_from_the_payments_tab(desk):
    desk.open_tab("Payments")
    desk.find(f"{DETAILS}//*[normalize-space()='Kept on this desk']")
    cash = desk.find(f"{DETAILS}//tr[.//td[normalize-space()='Cash']]//button[starts-with(@aria-label, 'Void ')]")
    cash.click()
    desk.find(f"{DIALOG}[@aria-label='Void payment']")
    desk.button("Void payment", within=DIALOG).click()
    desk.wait(lambda d: "say why" in desk.find("//*[@id='reason-error']").text, message="a void needs a reason")
    desk.type_into("Reason", "Taken twice")
    desk.button("Void payment", within=DIALOG).click()
    receipt = desk.find(f"{DIALOG}//article[contains(@class, 'receipt')]")
    text = receipt.text
    assert "VOID" in text and "Reverses" in text and "Taken twice" in text, text
    desk.screenshot("64-till-void-receipt")
    desk.button("Done", within=DIALOG).click()
    desk.gone(DIALOG)
    desk.find(f"{DETAILS}//*[contains(@class, 'tag')][normalize-space()='Voided']")
    desk.wait(lambda d: "KES 2,500.00" in balance(desk),
              message="the void gave the amount back")
    desk.screenshot("65-till-payments-tab")
    desk.audit("till-payments-tab")


def test_the_statement_adds_up(desk):
    desk.open_tab("Statement")
    table = desk.find(f"{DETAILS}//table[contains(@class, 'statement-table')]")
    text = table.text
    assert "Opening balance" in text and "KES 3,000.00" in text, text
    assert text.count("Payment") >= 2 and "Void" in text, text
    last = desk.find(f"{DETAILS}//table[contains(@class, 'statement-table')]//tfoot")
    assert "Balance now" in last.text and "KES 2,500.00" in last.text, last.text
    desk.screenshot("66-till-statement")
    desk.audit("till-statement")


def test_a_field_agent_opens_a_ticket_offline(desk):
    # Not signed in to central: the ticket is kept on this desk.
    desk.open_tab("Tickets")
    desk.button("Open ticket", within=DETAILS).click()
    desk.find(f"{DIALOG}[@aria-label='Open ticket']")
    desk.button("Open ticket", within=DIALOG).click()
    desk.wait(lambda d: "is required" in dialog_text(desk), message="a ticket needs its fields")
    desk.type_into("Subject", "No internet since the storm")
    desk.labelled("Description").send_keys("Router lights off. Neighbours are fine.")
    desk.choose("Category", "Equipment")
    desk.choose("Priority", "High")
    desk.audit("till-open-ticket")
    desk.screenshot("69-ticket-open")
    desk.button("Open ticket", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='Open ticket']")
    row = desk.find(f"{DETAILS}//table[@aria-label='Tickets']//tr[contains(., 'No internet since the storm')]")
    assert "Kept on this desk" in row.text, row.text
    number = re.search(r"T-[A-Z0-9]+-00001", row.text).group(0)
    desk.button(f"Resolve {number}", within=DETAILS).click()
    desk.type_into("What was done", "Replaced the router")
    desk.button("Resolve", within=DIALOG).click()
    desk.gone(DIALOG)
    desk.wait(lambda d: desk.labelled(f"Status of {number}").get_attribute("value") == "resolved",
              message="the ticket resolved")
    desk.screenshot("69b-ticket-resolved")
    desk.audit("till-tickets-tab")


def test_a_reprint_says_copy(desk):
    desk.open_tab("Payments")
    desk.click(f"{DETAILS}//tr[.//td[normalize-space()='M-Pesa']]//button[starts-with(@aria-label, 'Receipt ')]")
    receipt = desk.find(f"{DIALOG}//article[contains(@class, 'receipt')]")
    assert "COPY" in receipt.text, receipt.text
    desk.button("Done", within=DIALOG).click()
    desk.gone(DIALOG)


def test_the_shift_closes_short_into_a_z_report(desk):
    desk.click("//button[contains(@class, 'shift-open')]")
    report = desk.find(f"{DIALOG}//article[contains(@class, 'shift-report')]")
    text = report.text
    assert "X REPORT" in text.upper() and "KES 2,000.00" in text, text
    desk.screenshot("67-till-x-report")
    desk.audit("till-x-report")
    desk.type_into("Cash counted (KES)", "1950")
    desk.wait(lambda d: "Short by KES 50.00" in dialog_text(desk), message="the shortfall previewed")
    desk.button("Close shift", within=DIALOG).click()
    z = desk.find(f"{DIALOG}//article[contains(@class, 'shift-report')]")
    # Numbered in the desk's series (another module may have closed a shift before this one).
    assert re.search(r"Z REPORT Z-[A-Z0-9]+-\d{4}", z.text.upper()), z.text
    assert "Short by KES 50.00" in z.text and "cannot be changed" in z.text, z.text
    desk.screenshot("68-till-z-report")
    desk.audit("till-z-report")
    desk.button("Done", within=DIALOG).click()
    desk.gone(DIALOG)
    desk.find("//button[contains(@class, 'shift-none')]")
