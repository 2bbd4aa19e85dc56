"""Make docs/img/app.png: start `cadresim app`, set the village term to 5 years, click a village,
and take a headless-Chromium screenshot.

    apt-get install chromium chromium-driver fonts-wqy-microhei   # the browser, and a CJK font for its text
    python docs/img/app_screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cadresim.app import text
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def main(out: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "cadresim.cli", "app", "--port", str(port)],
                              start_new_session=True)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,1500",
                  "--hide-scrollbars"):
            opts.add_argument(a)
        d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        wait = WebDriverWait(d, 120)
        d.get(url)
        chart = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "img.cadresim-weak-chart"))[0]
        before = chart.get_attribute("src")
        label = text("election.term_years", "zh")
        thumb = d.find_element(By.XPATH, f"//*[starts-with(normalize-space(text()), '{label}')]"
                                         "/following::*[@role='slider'][1]")
        thumb.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)  # 3 → 5 years
        wait.until(lambda d: d.find_elements(By.XPATH, f"//*[normalize-space(text())='{label}: 5']"))
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "img.cadresim-weak-chart").get_attribute("src") != before)
        d.find_elements(By.CSS_SELECTOR, ".cadresim-village")[40].click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "img")) >= 5)
        time.sleep(2)
        d.save_screenshot(str(out))
        d.quit()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("app.png"))
