#!/usr/bin/env bash
# Installs the Debian packages the project needs, if they are missing:
# chromium (PDFs and browser tests, driven by Playwright; never `playwright install`)
# and fonts for it.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)  # tests read the QR codes on the PDFs
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)  # vnu.jar for `make check-html`
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
