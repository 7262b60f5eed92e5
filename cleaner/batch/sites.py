"""Which site a page belongs to, for the corpus index: the input's sub-folder, a record's
URL host, or a record's field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

SiteKey = Literal["folder", "url", "field"]
SITE_KEYS: tuple[SiteKey, ...] = ("folder", "url", "field")


@dataclass(frozen=True, slots=True)
class Sites:
    """How pages are grouped into sites.

    ``folder`` (the default): the first folder of the input's path below IN (``IN/example.com/
    a.txt`` is on ``example.com``; files directly in IN, or a single input file, make one site
    named ``""``). ``url``: the host of the record field ``field`` (``url`` unless set).
    ``field``: the value of the record field ``field``. Articles that are files, and records
    without the field, fall back to their folder.
    """

    key: SiteKey = "folder"
    field: str | None = None

    def of_file(self, name: str) -> str:
        """The site of an input named ``name`` (its path below IN)."""
        folder, _, rest = name.partition("/")
        return folder if rest else ""

    def of_record(self, record: dict[str, Any], name: str) -> str:
        """The site of a record read from the input named ``name``."""
        if self.key == "folder":
            return self.of_file(name)
        value = record.get(self.field or ("url" if self.key == "url" else "site"))
        if not isinstance(value, str) or not value:
            return self.of_file(name)
        if self.key == "url":
            host = _host(value)
            return host.removeprefix("www.") if host else self.of_file(name)
        return value


def _host(url: str) -> str | None:
    """The host of ``url`` (a scheme is optional), or None for one that does not parse."""
    try:
        return urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # "http://[bad": an IPv6 bracket left open
        return None
