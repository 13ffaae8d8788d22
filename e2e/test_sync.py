"""Sync in the real window against the central API's double (a separate process on loopback):
sign in, a customer made here reaches the server, and the tokens are in the OS keychain only —
not in the app's files, its log, or the web view's storage. The order of the tests matters."""

import json
import os
import pathlib
import subprocess
import urllib.request

import pytest

USER = "agent.e2e@infora.ke"
PASSWORD = "e2e-secret-pass"
NAME = "Sync Kariuki E2E"
EMAIL = "sync.kariuki@example.co.ke"

STATUS = "//section[@aria-label='Sync status']"
DIALOG = "//*[@role='dialog']"


@pytest.fixture(scope="module")
def central():
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


def on_server(central, email):
    # The test's own session: the app's tokens are not the test's to read.
    token = api(central, "POST", "/api/auth/login", {"email": USER, "password": PASSWORD})["access_token"]
    page = api(central, "GET", f"/api/customers?search={email}", token=token)
    return [c for c in page["customers"] if c["email"] == email]


def test_sign_in_to_the_central_system(desk, central):
    desk.find(STATUS, timeout=30)
    desk.find(f"{STATUS}//*[contains(., 'Not signed in')]")
    desk.button("Sign in to sync", within=STATUS).click()
    desk.find(f"{DIALOG}[@aria-label='Sync settings']")
    desk.type_into("Server address", "http://billing.example.com")
    desk.type_into("Email", USER)
    desk.type_into("Password", PASSWORD)
    desk.button("Sign in", within=DIALOG).click()
    error = desk.find("//*[@id='server_url-error']")
    desk.wait(lambda d: "https" in error.text, message="https required for a remote server")
    desk.screenshot("10-sync-sign-in-error")
    desk.type_into("Server address", central["url"])
    # The form forgets the password as soon as it is sent.
    desk.type_into("Password", PASSWORD)
    desk.button("Sign in", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='Sync settings']")
    desk.button("Sync now", within=STATUS)


def test_a_customer_made_here_reaches_the_server(desk, central):
    desk.button("New customer").click()
    desk.find(f"{DIALOG}[@aria-label='New customer']")
    desk.type_into("Name", NAME)
    desk.type_into("Email", EMAIL)
    desk.type_into("Phone", "0733 555 123")
    desk.button("Save", within=DIALOG).click()
    desk.gone(f"{DIALOG}[@aria-label='New customer']")
    desk.button("Sync now", within=STATUS).click()
    desk.wait(lambda d: len(on_server(central, EMAIL)) == 1, timeout=30, message="the customer is on the server")
    assert on_server(central, EMAIL)[0]["phone"] == "+254733555123"
    desk.find(f"{STATUS}//*[contains(., 'Online')]")
    desk.screenshot("11-synced")


def test_the_sync_screen_lists_what_waits(desk, central):
    desk.button("Sync details", within=STATUS).click()
    desk.find("//*[@aria-label='Changes waiting to be sent'] | //p[contains(., 'Nothing waiting')]")
    desk.screenshot("12-sync-screen")


def test_tokens_are_in_the_keychain_only(desk, central):
    tokens = [t for t in central["tokens"].read_text().split("\n") if t]
    assert tokens, "the app signed in, so the server handed out tokens"
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


def test_sign_out_clears_the_session(desk, central):
    desk.button("Sync account").click()
    desk.find(f"{DIALOG}[@aria-label='Sync settings']")
    desk.button("Sign out", within=DIALOG).click()
    desk.find(f"{STATUS}//*[contains(., 'Not signed in')]")
    desk.screenshot("13-signed-out")
