"""WCAG 2.2 AA as a gate: axe-core and the Nu HTML checker on every public page state.

Each state of tests/e2e/reading.py STATES is opened in Debian's Chromium;
axe-core (npm) must find no violation, at a desktop and a phone width, and the
Nu HTML checker (npm vnu-jar, Debian's Java) no error in any of them.
"""

import pytest

from tests.e2e import reading

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _report(violations):
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}\n  {v['summary']}"
        for v in violations
    )


@pytest.mark.parametrize("state", list(reading.STATES))
def test_page_state_has_no_axe_violations(chromium, live_server, site, state):
    page = chromium()
    reading.open_state(page, live_server, site, state)
    violations = reading.run_axe(page)
    assert violations == [], f"axe-core on {state}:\n{_report(violations)}"


@pytest.mark.parametrize("state", ["home-ko", "article-en", "article-ko", "dialog-sent"])
def test_page_state_has_no_axe_violations_on_a_phone(chromium, live_server, site, state):
    page = chromium(viewport=PHONE, is_mobile=True, has_touch=True)
    reading.open_state(page, live_server, site, state)
    violations = reading.run_axe(page)
    assert violations == [], f"axe-core on {state} at 390px:\n{_report(violations)}"


@pytest.mark.parametrize("state", ["home-en", "article-ko", "dialog-errors"])
def test_page_state_has_no_axe_violations_in_dark_mode(chromium, live_server, site, state):
    page = chromium(color_scheme="dark")
    reading.open_state(page, live_server, site, state)
    violations = reading.run_axe(page)
    assert violations == [], f"axe-core on {state} in dark mode:\n{_report(violations)}"


def test_every_page_state_is_valid_html(chromium, live_server, site, tmp_path):
    """The HTML as served (and, for states JavaScript made, as the browser holds it)."""
    page = chromium()
    served = {}
    page.on(
        "response",
        lambda response: (
            served.__setitem__(response.url, response)
            if response.request.resource_type == "document"
            else None
        ),
    )
    files = []
    for state in reading.STATES:
        reading.open_state(page, live_server, site, state)
        # States made by JavaScript are checked as the browser holds them (the live DOM).
        html = page.content() if state.startswith("dialog") else served[page.url].text()
        path = tmp_path / f"{state}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    errors = reading.run_vnu(files)
    assert errors == {}, "Nu HTML checker errors:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(messages) for name, messages in errors.items()
    )
    assert len(files) == len(reading.STATES)


def test_the_checkers_do_find_problems(chromium, live_server, site, tmp_path):
    """A gate that cannot fail guards nothing: a broken page is reported by both."""
    page = chromium()
    reading.open_state(page, live_server, site, "article-en")
    page.evaluate(
        """() => {
            document.querySelector("main").insertAdjacentHTML("beforeend", '<input type="text">');
            document.querySelector("h1").style.color = "#ccc";
        }"""
    )
    found = {v["id"] for v in reading.run_axe(page)}
    assert {"label", "color-contrast"} <= found
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>x</title><p><div></p>", encoding="utf-8")
    assert "broken.html" in reading.run_vnu([broken])
