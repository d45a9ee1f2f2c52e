"""End to end in Debian's chromium (headless, through the system chromedriver).

The browser opens the page, fills in a client, submits a bad date of birth, sees the message
beside the field, fixes it, generates, downloads packet.pdf and reads its text. The
screenshots in docs/ are taken here. A browser that cannot start fails these tests.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from kap_consent.extract import pdf_pages
from kap_consent.web import WebSettings, create_app

from .web_support import EXAMPLES, FORM

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
DOCS = Path(__file__).parent.parent / "docs"
pytestmark = pytest.mark.slow  # starts a server and a real browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """Serve the web page on a free port of 127.0.0.1, as `kap-consent serve` does."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(WebSettings(EXAMPLES / "practice.yaml", tmp_path / "out"))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.1)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _browser(downloads: Path, javascript: bool = True) -> WebDriver:
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-US"):
        options.add_argument(argument)
    options.add_argument("--window-size=1200,1000")
    prefs: dict[str, object] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True,
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    driver = _browser(tmp_path / "downloads")
    yield driver
    driver.quit()


def _fill(driver: WebDriver, values: dict[str, str]) -> None:
    for name, value in values.items():
        element = driver.find_element(By.ID, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "date":
            year, month, day = value.split("-")
            element.send_keys(month + day + year)  # typed as a person types it (en-US)
            assert element.get_attribute("value") == value
        else:
            element.clear()
            element.send_keys(value)


def _wait_for(driver: WebDriver, element_id: str) -> WebElement:
    wait = WebDriverWait(driver, 120)
    found: WebElement = wait.until(
        expected_conditions.presence_of_element_located((By.ID, element_id))
    )
    return found


def _screenshot(driver: WebDriver, name: str, height: int | None = None) -> None:
    """Save the top of the page (or all of it, up to 2400 pixels) into docs/ for the README."""
    full = driver.execute_script("return document.body.scrollHeight") + 120
    driver.set_window_size(1200, height or min(max(full, 800), 2400))
    driver.execute_script("window.scrollTo(0, 0)")
    DOCS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(DOCS / name))


def _wait_for_file(folder: Path, name: str) -> Path:
    for _ in range(300):
        path = folder / name
        if path.is_file() and not (folder / f"{name}.crdownload").exists():
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded")


def test_fill_fix_generate_and_download_packet(
    site: str, browser: WebDriver, tmp_path: Path
) -> None:
    browser.get(f"{site}/client")
    assert browser.title == "Client form · kap-consent"
    support = browser.find_element(By.ID, "section-support_person")
    _fill(browser, {**FORM, "date_of_birth": "2030-01-01"})
    assert not support.is_displayed()  # office only: the support person does not apply
    browser.find_element(By.ID, "generate").click()

    problem = _wait_for(browser, "date_of_birth-problem")
    assert problem.text == "is in the future; check the date (YYYY-MM-DD)"
    assert browser.find_element(By.ID, "date_of_birth").get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "legal_name").get_attribute("value") == "Robin Quill"
    assert "Robin" not in browser.title
    _screenshot(browser, "web-client-form.png", height=1100)

    date_input = browser.find_element(By.ID, "date_of_birth")
    browser.execute_script("arguments[0].value = ''", date_input)
    _fill(browser, {"date_of_birth": "1980-03-04"})
    browser.find_element(By.ID, "generate").click()

    _wait_for(browser, "print")  # rendering takes a few seconds
    assert browser.current_url == f"{site}/packets/CP-0100"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Packet of CP-0100"
    pictures = browser.find_elements(By.CSS_SELECTOR, ".documents img")
    assert len(pictures) == 7  # office only and insured: no SUP, TEL or GFE
    for _ in range(100):
        if all(browser.execute_script("return arguments[0].naturalWidth", p) for p in pictures):
            break
        time.sleep(0.2)
    assert all(browser.execute_script("return arguments[0].naturalWidth", p) for p in pictures)
    assert browser.find_element(By.ID, "print").get_attribute("target") == "_blank"
    _screenshot(browser, "web-packet.png")

    browser.find_element(By.ID, "download-packet").click()
    packet = _wait_for_file(tmp_path / "downloads", "packet.pdf")
    text = "\n".join(pdf_pages(packet.read_bytes()))
    assert "Robin Quill" in text
    assert "CP-0100" in text
    assert "racemic ketamine" in text


def test_support_person_appears_for_home_sessions(site: str, browser: WebDriver) -> None:
    browser.get(f"{site}/client")
    support = browser.find_element(By.ID, "section-support_person")
    assert not support.is_displayed()
    Select(browser.find_element(By.ID, "plan.settings")).select_by_value("home")
    assert support.is_displayed()


def test_the_form_works_with_javascript_turned_off(site: str, tmp_path: Path) -> None:
    driver = _browser(tmp_path / "downloads", javascript=False)
    try:
        driver.get(f"{site}/client")
        assert driver.find_element(By.ID, "section-support_person").is_displayed()
        _fill(driver, {**FORM, "plan.settings": "home", "plan.home_state": "OR"})
        driver.find_element(By.CSS_SELECTOR, 'button[value="check"]').click()
        _wait_for(driver, "form-problems")
        section = driver.find_element(By.ID, "section-support_person")
        assert section.find_element(By.CSS_SELECTOR, "p.problem").text == (
            "required because the plan has home sessions; add the support person"
        )
    finally:
        driver.quit()
