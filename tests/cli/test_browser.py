"""The explanation page and the run's HTML report, rendered by headless Chromium: what a
reader sees. The screenshots are left in the test's output folder (``tmp_path``).

Skipped, with the reason, where Debian's ``chromium`` is not installed (``.ci/run``
installs it when apt is there)."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from .test_commands import ARTICLE, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium; .ci/run does it)"
)

WINDOW = (1200, 1600)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PROBE = """<script>
const seen = {
  struck: [...document.querySelectorAll("del.rm")].map(d => {
    const style = getComputedStyle(d);
    return {code: d.dataset.code, line: style.textDecorationLine, colour: style.color,
            tag: getComputedStyle(d, "::before").content, width: d.getBoundingClientRect().width};
  }),
  bins: [...document.querySelectorAll("svg rect.bin")].map(r => r.getBBox().height),
  links: [...document.querySelectorAll("table.lowest a")].map(a => a.getAttribute("href")),
  bold: document.querySelectorAll("b, img").length,
};
const out = document.createElement("pre");
out.id = "seen";
out.textContent = JSON.stringify(seen);
document.body.append(out);
</script>"""
"""Added to a copy of a page, for the test only: what the browser computed, written into the DOM."""


def chromium(*args: str | Path, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
    return subprocess.run(
        [CHROMIUM, *flags, f"--user-data-dir={profile}", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def rendered(page: Path, tmp_path: Path) -> dict[str, object]:
    """What Chromium shows of ``page``, read back through ``PROBE``."""
    probed = tmp_path / f"probed-{page.name}"
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    dom = chromium("--dump-dom", probed.as_uri(), profile=tmp_path / "profile").stdout
    seen = dom.split('<pre id="seen">', 1)[1].split("</pre>", 1)[0]
    return dict(json.loads(seen.replace("&quot;", '"').replace("&amp;", "&")))


def screenshot(page: Path, tmp_path: Path) -> Path:
    """A PNG of ``page`` as Chromium draws it, in the test's output folder; checked whole."""
    shot = tmp_path / f"{page.stem}.png"
    width, height = WINDOW
    chromium(
        f"--screenshot={shot}",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        page.as_uri(),
        profile=tmp_path / "profile",
    )
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert struct.unpack(">II", data[16:24]) == WINDOW  # the IHDR chunk: width, height
    assert len(data) > 10_000  # text and colour, not a blank page
    return shot


def test_chromium_shows_the_explanation_struck_and_coloured(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE + "\n</script><b>not bold</b>\n", encoding="utf-8")
    page = tmp_path / "explanation.html"
    assert run("explain", source, "--html", page).returncode == 0
    seen = rendered(page, tmp_path)
    struck = next(s for s in seen["struck"] if s["code"] == "RM101")  # type: ignore[attr-defined]
    assert struck["line"] == "line-through"
    assert struck["colour"] == "rgb(0, 121, 107)"  # the readmore family's colour
    assert struck["tag"] == '"RM101"' and struck["width"] > 0
    assert seen["bold"] == 0
    print("screenshot:", screenshot(page, tmp_path))


def test_chromium_shows_the_report_with_its_histogram_and_linked_articles(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for i in range(6):
        (source / f"{i}.txt").write_text(
            ARTICLE.replace("Keep Reading", "Keep Reading\n\n" * i), encoding="utf-8"
        )
    page = tmp_path / "report.html"
    done = run("clean", source, tmp_path / "out", "--report-html", page)
    assert done.returncode == 0, done.stderr
    seen = rendered(page, tmp_path)
    bins = seen["bins"]
    assert isinstance(bins, list) and len(bins) == 10 and sum(bins) > 0
    assert seen["links"] == [f"#article-{i}" for i in range(1, 7)]
    assert {s["code"] for s in seen["struck"]} == {"RM101"}  # type: ignore[attr-defined]
    print("screenshot:", screenshot(page, tmp_path))
