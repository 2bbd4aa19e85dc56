"""`cadresim app`: the model behind it, its Solara components (rendered without a browser,
as Mesa tests its own SolaraViz components), the command, and a real browser moving a slider.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import matplotlib
import numpy as np
import pytest

solara = pytest.importorskip("solara", reason="the app extra is not installed: pip install -e '.[app]'")

import ipyvuetify as v  # noqa: E402
import ipywidgets as widgets  # noqa: E402
from cadresim import app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WEAK = ("weak_share_true", "weak_share_reported", "flagged_share")


@pytest.fixture
def restore_rc():
    """The app points matplotlib's default font at the CJK font; other tests get theirs back."""
    with matplotlib.rc_context():
        yield


def test_levers_at_baseline_values_reproduce_the_baseline_and_step_by_year():
    levers = app.default_levers()
    m = app.LeverEnsemble(levers, replicates=2, years=4, to_year=4)
    for c in WEAK:  # same replicate seeds (CRN), same scenario: bit for bit
        assert np.array_equal(m.series(c), m.base_series(c)), c
    assert not m.running and len(m.village_years) == 4
    stepped = app.LeverEnsemble(levers, replicates=2, years=4)
    assert stepped.year == 0 and stepped.running
    stepped.step()
    assert stepped.year == 1 and stepped.series("weak_share_true").shape == (2, 1)
    assert np.array_equal(stepped.series("weak_share_true"), m.base_series("weak_share_true")[:, :1])
    other = app.LeverEnsemble({**levers, "election.term_years": 5, "pay.base_multiple": 2.5}, replicates=2,
                              years=4, to_year=4)
    assert not all(np.array_equal(other.series(c), other.base_series(c)) for c in WEAK)


def test_lever_keys_are_scenario_keys_and_labels_have_glyphs():
    from cadresim.fonts import has_glyphs
    from cadresim.params import PARAMS

    for lv in app.LEVERS:
        p = PARAMS[lv.key]
        if lv.widget in ("int", "float"):  # the slider stays inside the key's valid range
            assert p.lo <= lv.lo < lv.hi <= p.hi, lv.key
    assert all(has_glyphs(zh) for _, zh in app.TEXT.values())


def _weak_chart(rc) -> widgets.Image:
    (img,) = [w for w in rc.find(widgets.Image).widgets if "cadresim-weak-chart" in w._dom_classes]
    return img


def _slider(rc, lo: float, hi: float) -> v.Slider:
    (s,) = [w for w in rc.find(v.Slider).widgets if (w.min, w.max) == (lo, hi)]
    return s


def test_app_renders_and_responds_to_levers(restore_rc):
    box, rc = solara.render(solara.AppLayout(children=[app.App(replicates=2, years=6)]), handle_error=False)
    term_label = app.text("election.term_years", "zh")
    rc.find(v.Html, children=[f"{term_label}: 3"]).assert_single()
    assert len(rc.find(v.Btn, class_="cadresim-village").widgets) == 146  # every village of the county
    before = _weak_chart(rc).value

    _slider(rc, 1, 6).v_model = 5  # village term 3 → 5 years: the run is rebuilt at once
    rc.find(v.Html, children=[f"{term_label}: 5"]).assert_single()
    after = _weak_chart(rc).value
    assert after != before

    # a threshold pair the scenario rejects (criticise above adjust) is reported, not applied
    _slider(rc, 0.0, 0.5).v_model = 0.3
    alert = rc.find(v.Alert, type="error").widget
    assert "penalties.adjust_share: expected a value ≥ penalties.criticise_share" in str(alert.children)
    assert _weak_chart(rc).value == after

    # a click on a village shows its history (one more chart)
    n_images = len(rc.find(widgets.Image).widgets)
    rc.find(v.Btn, class_="cadresim-village").widgets[7].click()
    assert len(rc.find(widgets.Image).widgets) == n_images + 1
    rc.find(v.Html, children=[app.text("pick_village", "zh")]).assert_empty()

    # Mesa's controller: Reset starts again at year 0 (keeping the levers), Step adds one year
    rc.find(v.Btn, children=["Reset"]).widget.click()
    rc.find(v.Html, children=[f"{term_label}: 5"]).assert_single()
    assert rc.find(v.Alert, children=[app.text("not_yet", "zh")]).widgets
    rc.find(v.Btn, children=["Step"]).widget.click()
    rc.find(v.Html, children=[app.text("villages_title", "zh", year=1)]).assert_single()


def test_language_toggle_and_english_labels(restore_rc):
    lang = solara.reactive("zh")
    box, rc = solara.render(app.LanguageToggle(lang), handle_error=False)
    rc.find(v.BtnToggle).widget.v_model = 1  # the second button: English
    assert lang.value == "en"
    box, rc = solara.render(solara.AppLayout(children=[app.App(initial_lang="en", replicates=1, years=3)]),
                            handle_error=False)
    rc.find(v.Html, children=["Village committee term, years: 3"]).assert_single()
    assert app.text("weak_title", "en", year=1, years=2).isascii()


# ---- the command ---------------------------------------------------------------------------


def _cadresim(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cadresim.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_app_errors_and_start_up_stays_light():
    r = _cadresim("app", "--port", "0")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "--port" in r.stderr, r.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = _cadresim("app", "--port", str(busy.getsockname()[1]))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "--port" in r.stderr, r.stderr
    # the CLI's start-up and the model package import neither the app nor mesa.visualization
    code = ("import sys, cadresim, cadresim.cli; cadresim.cli.build_parser(); "
            "print(sorted(m for m in ('cadresim.app', 'mesa.visualization', 'solara') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_cli_app_without_the_extra_says_how_to_install_it(monkeypatch, capsys):
    import argparse
    import importlib.util

    from cadresim.commands import app as command

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "solara" else real(name, *a))
    assert command.main(argparse.Namespace(host="127.0.0.1", port=8765, open=False)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install -e ".[app]"' in err


# ---- a real browser --------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="no chromium with its driver (apt-get install chromium chromium-driver)")
def test_browser_slider_changes_the_chart(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "cadresim.cli", "app", "--port", str(port)], stdout=log,
                              stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True)
    driver = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.3)
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1500,1100"):
            opts.add_argument(a)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        driver.get(url)
        wait = WebDriverWait(driver, 45, poll_frequency=0.2)
        chart = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "img.cadresim-weak-chart"))[0]
        before = chart.get_attribute("src")  # a blob: URL of the PNG the server sent
        assert before
        label = app.text("election.term_years", "zh")
        thumb = driver.find_element(
            By.XPATH, f"//*[starts-with(normalize-space(text()), '{label}')]/following::*[@role='slider'][1]")
        thumb.send_keys(Keys.ARROW_RIGHT)  # the keyboard moves a Vuetify slider as a person would
        wait.until(lambda d: d.find_elements(By.XPATH, f"//*[normalize-space(text())='{label}: 4']"))
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "img.cadresim-weak-chart").get_attribute("src") != before)
        # and the language toggle turns the labels into English
        driver.find_element(By.XPATH, "//button[normalize-space(.)='English']").click()
        wait.until(lambda d: d.find_elements(By.XPATH, "//*[normalize-space(text())='Village committee term, years: 4']"))
    finally:
        if driver is not None:
            driver.quit()
        os.killpg(server.pid, signal.SIGTERM)  # the command and the solara server it started
        server.wait(timeout=30)
        log.close()
