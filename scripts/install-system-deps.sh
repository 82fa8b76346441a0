#!/usr/bin/env bash
# Installs the Debian packages the project needs, if they are missing:
# chromium (PDFs and browser tests, driven by Playwright; never `playwright install`)
# and fonts for it; the other engines the browser tests run in (tests/test_browsers.py):
# WebKit (Safari's engine) through webkit2gtk-driver, Firefox ESR, and Xvfb for a screen.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # tests read the QR codes on the PDFs
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)  # vnu.jar for `make check-html`
command -v WebKitWebDriver >/dev/null 2>&1 || need+=(webkit2gtk-driver)  # WebKit, driven by Selenium
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb xauth)  # a screen for WebKit (it has no headless mode)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
