"""The one answer to "what is site_url?" and "is this build a preview?".

mkdocs.yml's site_url is the address the guide is published at. It is printed on the
one-page guides (short link and QR code) and shown as each page's address. While it is
a placeholder (an example domain, localhost, or not set), the build is a *preview*:
every page and printout says "Preview — not for circulation", and nothing shows the
placeholder to readers as the guide's address. `make release` refuses a placeholder.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Reserved for examples (RFC 2606/6761) or this machine: never a published guide's address.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example", "test", "invalid", "localhost")
LOCAL_HOSTS = ("127.0.0.1", "::1", "0.0.0.0")

PREVIEW_LABEL = "Preview — not for circulation"


def site_url(config: dict) -> str:
    """mkdocs.yml's site_url ending in '/', or '' when it is not set."""
    url = str((config or {}).get("site_url") or "").strip()
    return url + ("" if not url or url.endswith("/") else "/")


def is_placeholder(url: str | None) -> bool:
    """True for an address no reader should be given: unset, an example domain or this machine."""
    host = (urlsplit(str(url or "").strip()).hostname or "").lower().rstrip(".")
    if not host:
        return True
    return host in LOCAL_HOSTS or any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)


def is_preview(config: dict) -> bool:
    """True while site_url is a placeholder: the build is a preview."""
    return is_placeholder(site_url(config))


def public_url(config: dict) -> str:
    """The address to show readers and print: site_url, or '' in a preview (show no address)."""
    return "" if is_preview(config) else site_url(config)
