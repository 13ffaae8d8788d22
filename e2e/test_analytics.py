"""The analytics screen in the real window: opened with the A key, every chart drawn on its
canvas (pixels of the bars' colours counted in the page), each chart's figures on hover and by
the arrow keys, the top debtors listed and one opened (and back), the payments' 30 and 90 days,
at 1366×768 and 800×600 in the light and the dark theme, and Escape back to the list.

It reads what the modules before it left (the demo data, customers, payments at the till) and
writes nothing but the theme, which it puts back: the backups' module after it sees the store as
it was. Alone, on a fresh store, it loads the demo data first. The order of the tests matters."""

import re
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

TABLE = "//table[@aria-label='Customers']"
SCREEN = "//main[@aria-labelledby='analytics-title']"
DIALOG = "//*[@role='dialog']"
SETTINGS = f"{DIALOG}[@aria-label='Desk settings']"


def card(chart):
    return f"{SCREEN}//section[@data-chart='{chart}']"


# Run in the page: how many pixels of each chart's canvas are one of its bars' colours (the
# theme's CSS variables), within a small tolerance for the edges' antialiasing.
BAR_PIXELS = """
const [chart, names] = arguments;
const root = getComputedStyle(document.documentElement);
const rgb = (name) => {
  const probe = document.createElement('span');
  probe.style.color = root.getPropertyValue(name).trim();
  document.body.appendChild(probe);
  const m = getComputedStyle(probe).color.match(/\\d+/g).map(Number);
  probe.remove();
  return m;
};
const colours = names.map(rgb);
const canvas = document.querySelector(`section[data-chart='${chart}'] .chart-plot canvas`);
if (!canvas || !canvas.width) return -1;
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let n = 0;
for (let i = 0; i < pixels.length; i += 4) {
  if (pixels[i + 3] < 250) continue;
  if (colours.some(([r, g, b]) => Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 24)) n++;
}
return n;
"""

CHART_COLOURS = {
    "joined": ["--accent"],
    "balances": ["--owes", "--credit", "--muted"],
    "usage": ["--accent"],
    "payments": ["--accent"],
}


def bar_pixels(desk, chart):
    return desk.driver.execute_script(BAR_PIXELS, chart, CHART_COLOURS[chart])


def legend_values(desk, chart):
    """The hover legend's figures of a chart, by series name."""
    return desk.driver.execute_script(
        """
        const rows = document.querySelectorAll(`section[data-chart='${arguments[0]}'] .u-legend .u-series`);
        return Object.fromEntries([...rows].map((r) => [
          r.querySelector('.u-label').textContent.trim(), r.querySelector('.u-value').textContent.trim()]));
        """,
        chart,
    )


def every_chart_drawn(desk):
    for chart in CHART_COLOURS:
        desk.find(f"{card(chart)}//canvas", timeout=30)
        desk.wait(lambda d, c=chart: bar_pixels(desk, c) > 150, timeout=15,
                  message=f"the {chart} chart has bars drawn")


def set_theme(desk, theme):
    desk.button("Settings").click()
    desk.find(SETTINGS)
    desk.click(f"{SETTINGS}//label[normalize-space()='{theme.title()}']")
    desk.button("Save", within=SETTINGS).click()
    desk.gone(SETTINGS)
    desk.wait(lambda d: d.execute_script("return document.documentElement.dataset.theme") == theme)
    # "Settings saved" would sit over the charts in the screenshots.
    for dismiss in desk.driver.find_elements(By.XPATH, "//button[@aria-label='Dismiss']"):
        dismiss.click()
    desk.settled()


def test_the_a_key_opens_the_analytics(desk):
    first = desk.find(f"{TABLE} | //button[contains(normalize-space(), 'Load demo data')]", timeout=30)
    if first.tag_name == "button":
        first.click()
    desk.find(TABLE, timeout=120)
    desk.driver.set_window_size(1366, 768)
    desk.find(f"{TABLE}//tbody/tr")
    # Out of the search box (where "a" is a letter of a name), as a person clicking aside.
    desk.driver.execute_script("document.activeElement && document.activeElement.blur()")
    desk.press("a")
    desk.find(f"{SCREEN}//h2[normalize-space()='Analytics']", timeout=30)
    assert desk.focused()["name"] == "Analytics", "the heading takes the focus"
    desk.find(f"{card('debtors')}//table", timeout=30)
    desk.settled()


def test_every_chart_is_drawn_on_its_canvas(desk):
    every_chart_drawn(desk)
    total = desk.text_of(f"{SCREEN}//header//p")
    assert re.search(r"\d customers · as of", total), total
    desk.audit("analytics")


def test_hovering_a_bar_shows_its_figures(desk):
    for chart, series in (("joined", "Joined"), ("balances", "Customers"), ("payments", "Received")):
        over = desk.find(f"{card(chart)}//div[contains(@class, 'u-over')]")
        desk.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", over)
        width = over.size["width"]
        # The right-hand side: this month's joins, the largest debts, today's payments.
        ActionChains(desk.driver).move_to_element_with_offset(over, int(width * 0.45), 0).perform()
        desk.wait(lambda d, c=chart, s=series: re.search(r"\d", legend_values(desk, c).get(s, "")),
                  message=f"the {chart} chart's legend shows a number on hover")
        values = legend_values(desk, chart)
        if chart == "payments":
            assert values["Received"].startswith("KES "), values
            assert re.fullmatch(r"[\d,]+", values["Payments"]), values
        if chart == "balances":
            assert values["Total"].startswith("KES ") or values["Total"].startswith("-KES "), values
    desk.screenshot("80-analytics-hover")


def test_the_arrow_keys_read_a_chart(desk):
    plot = desk.find(f"{card('usage')}//*[contains(@class, 'chart-plot')]")
    desk.driver.execute_script("arguments[0].focus()", plot)
    assert desk.focused()["visible"], "the focused chart shows its ring"
    desk.press("\ue012", "\ue012")  # ArrowLeft twice: from the last tenth to 70–79 %
    desk.wait(lambda d: legend_values(desk, "usage").get("Usage") == "Usage 70–79 %",
              message="the legend follows the keys")
    assert re.fullmatch(r"[\d,]+", legend_values(desk, "usage")["Customers"])
    said = desk.driver.execute_script(
        "return document.querySelector(\"section[data-chart='usage'] [aria-live]\").textContent")
    assert said.startswith("Usage 70–79 %: Customers "), said


def test_the_screen_at_1366x768_and_800x600_light_and_dark(desk):
    original = desk.driver.execute_script("return document.documentElement.dataset.theme")
    for theme in ("light", "dark"):
        if desk.driver.execute_script("return document.documentElement.dataset.theme") != theme:
            set_theme(desk, theme)
        for width, height, name in ((1366, 768, "1366x768"), (800, 600, "800x600")):
            desk.driver.set_window_size(width, height)
            desk.wait(lambda d, w=width: d.execute_script("return window.innerWidth") <= w)
            desk.driver.execute_script("document.querySelector('main.analytics-screen').scrollTop = 0")
            every_chart_drawn(desk)
            # The display takes a moment to show what the page drew (it draws without GPU compositing).
            time.sleep(0.8)
            desk.screenshot(f"8{1 if theme == 'light' else 3}-analytics-{name}-{theme}")
            # The top bar keeps to one line and nothing in it overlaps.
            overlap = desk.driver.execute_script(
                """
                const items = [...document.querySelectorAll('header.topbar > *')]
                  .filter((e) => e.offsetParent !== null).map((e) => e.getBoundingClientRect());
                return items.some((a, i) => items.slice(i + 1).some((b) => a.right > b.left + 1 && b.right > a.left + 1))
                  || items.some((r) => r.right > window.innerWidth + 1);
                """)
            assert not overlap, f"the top bar overlaps at {width}×{height}"
            desk.wait(lambda d: d.execute_script(
                "const m = document.querySelector('main.analytics-screen'); m.scrollTop = m.scrollHeight;"
                "return m.scrollTop > 0 && m.scrollTop + m.clientHeight >= m.scrollHeight - 2"),
                message="scrolled to the end")
            time.sleep(0.8)
            desk.screenshot(f"8{2 if theme == 'light' else 4}-analytics-{name}-{theme}-end")
        if theme == "dark":
            desk.audit("analytics-dark")
    desk.driver.set_window_size(1366, 768)
    if original != desk.driver.execute_script("return document.documentElement.dataset.theme"):
        set_theme(desk, original)


def test_the_payments_over_90_days(desk):
    ninety = desk.button("90 days", within=card("payments"))
    desk.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", ninety)
    ninety.click()
    desk.wait(lambda d: d.execute_script(
        "return document.querySelector(\"section[data-chart='payments'] button[aria-pressed='true']\").textContent")
        == "90 days")
    desk.wait(lambda d: "Last 90 days" in desk.text_of(f"{card('methods')}//p"), message="by method over 90 days")
    desk.wait(lambda d: bar_pixels(desk, "payments") > 150, message="90 days drawn")
    rows = desk.driver.find_elements(By.XPATH, f"{card('methods')}//tbody/tr")
    assert rows, "payments by method are listed"


def test_a_top_debtor_opens_and_the_page_leads_back(desk):
    first = desk.find(f"{card('debtors')}//tbody/tr[1]//button")
    name = first.text
    owes = desk.text_of(f"{card('debtors')}//tbody/tr[1]/td[last()]")
    assert owes.startswith("KES "), owes
    first.click()
    desk.find(f"//*[@role='region'][@aria-label='Customer details']//h2[contains(normalize-space(), '{name}')]")
    desk.button("Back to analytics").click()
    desk.find(f"{SCREEN}//h2[normalize-space()='Analytics']")


def test_escape_goes_back_to_the_list(desk):
    desk.find(f"{card('debtors')}//table")
    desk.press("\ue00c")  # Escape
    desk.find(TABLE)
    desk.gone(SCREEN)
