"""The public site as the accessibility, keyboard and screenshot tests see it.

`build_site()` makes the content: the reference article of the demo in
English (attachment, tags, neighbours) and its Korean translation with a
neighbour of its own. `STATES` names every public page
type and state the issue lists; `open_state(page, site, name)` brings a
Playwright page there. URLs come from reverse() and get_absolute_url(), never
written out, so the tests follow the site's URL scheme.

The checkers come from npm (package.json, `npm ci` under `make test`):
axe-core is injected into the page (the context bypasses the page's CSP for
it), vnu.jar runs on Debian's Java.
"""

import datetime
import json
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mailing import optout
from publications.models import Article
from tests.factories import ArticleFactory, AttachmentFactory, AuthorFactory, SeriesFactory

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SEED_SLUG = "an-analysis-of-the-biden-putin-summit"

KOREAN_TITLE = "바이든-푸틴 정상회담의 평가와 시사점"
KOREAN_SUMMARY = (
    "2021년 6월 제네바에서 열린 미·러 정상회담의 의미와 한국 외교에 주는 함의를 살펴본다."
)
KOREAN_BODY = """
<p>2021년 6월 16일 스위스 제네바에서 조 바이든 미국 대통령과 블라디미르 푸틴 러시아 대통령이
첫 정상회담을 가졌다. 양국 관계가 냉전 종식 이후 최악이라는 평가 속에서 열린 이번 회담은 큰 기대를
모으지는 않았지만, 두 정상은 전략적 안정성에 관한 공동성명을 채택하고 대사 복귀에 합의하는 등
최소한의 소통 창구를 복원하였다.</p>
<p>이번 회담의 핵심은 관계의 예측 가능성을 높이는 데 있었다. 미국은 중국과의 전략 경쟁에 외교적
역량을 집중하기 위해 러시아와의 갈등을 관리 가능한 수준으로 묶어 두려 하였고, 러시아는 미국과
대등한 강대국으로 인정받는 장면을 연출하였다. 사이버 안보, 군비 통제, 수감자 교환 등 구체적인
의제에서는 실무 협의를 시작하기로 하였다.</p>
<h2>전략적 안정성 대화</h2>
<p>두 정상은 핵전쟁에는 승자가 있을 수 없으며 결코 일어나서는 안 된다는 원칙을 재확인하였다.
신전략무기감축협정(New START) 연장 이후의 군비 통제 체제를 논의할 통합적 양자 대화도 출범시키기로
하였다. 다만 극초음속 무기와 미사일 방어, 우주 및 사이버 영역을 어떻게 포함할지에 대해서는 여전히
견해 차이가 크다.</p>
<h2>한국 외교에 주는 함의</h2>
<p>미·러 관계의 안정은 한반도 비핵화 협상에도 간접적인 영향을 준다. 러시아는 유엔 안전보장이사회
상임이사국이자 북한의 이웃 국가로서 제재 이행과 협상 재개 과정에서 일정한 역할을 할 수 있다.
한국은 미국과의 동맹을 중심축으로 삼되, 러시아와의 실질 협력을 유지하여 지역 정세 변화에 유연하게
대응할 필요가 있다.</p>
<p>결국 이번 회담은 관계 개선의 출발점이라기보다 더 나빠지지 않도록 관리하는 장치를 마련한 데
의의가 있다. 향후 실무 협의의 진전 여부가 양국 관계의 방향을 가늠하는 척도가 될 것이다.</p>
"""


@dataclass
class Site:
    english: Article
    korean: Article
    tag_slug: str

    def url(self, live_server, path):
        return live_server.url + path


def _seed():
    """The reference article as the demo file has it (title, summary, body, tags)."""
    data = json.loads((ROOT / "demo" / "publications.json").read_text(encoding="utf-8"))
    return next(a for a in data["articles"] if a.get("slug") == SEED_SLUG)


def build_site():
    """A series with the reference article in English (attachment, tags, neighbours on
    both sides), its Korean translation and a Korean neighbour: every page type has
    something to show in both editions."""
    seed = _seed()
    series = SeriesFactory(slug="ifans-focus", name_en="IFANS Focus", name_ko="IFANS 포커스")
    series.description_en = "Timely analyses of current international issues."
    series.description_ko = "국제 정세에 대한 시의성 있는 분석."
    series.save()
    author = AuthorFactory(slug="lee-taerim", name_en="LEE TaeRim", name_ko="이태림")
    published = now() - datetime.timedelta(days=40)
    key = uuid.uuid4()
    ArticleFactory(
        series=series,
        title="The Revisions to the Rules of the WPK and Implications of the Eighth Party Congress",
        published_at=published - datetime.timedelta(days=20),
        authors=[author],
    )
    english = ArticleFactory(
        series=series,
        language="en",
        translation_key=key,
        title=seed["title"],
        slug=SEED_SLUG,
        summary=seed.get("summary", ""),
        body=seed["body_html"],
        published_at=published,
        authors=[author],
        tags=[tag.lstrip("#") for tag in seed.get("tags", [])] or ["BidenPutinSummit"],
    )
    AttachmentFactory(article=english)
    ArticleFactory(
        series=series,
        title="G7 Summit 2021 and the Post-Pandemic International Order",
        published_at=published + datetime.timedelta(days=10),
        authors=[author],
    )
    ArticleFactory(
        series=series,
        language="ko",
        title="인도·태평양 지역의 중견국 외교",
        slug="middle-power-diplomacy-ko",
        summary="중견국 외교의 가능성과 한계를 검토한다.",
        body="<p>중견국 외교는 규범과 연합을 통해 영향력을 확보하는 전략이다.</p>",
        published_at=published - datetime.timedelta(days=30),
        authors=[author],
    )
    korean = ArticleFactory(
        series=series,
        language="ko",
        translation_key=key,
        title=KOREAN_TITLE,
        slug="biden-putin-summit-ko",
        summary=KOREAN_SUMMARY,
        body=KOREAN_BODY,
        published_at=published,
        authors=[author],
        tags=["미러관계", "전략적안정성"],
    )
    AttachmentFactory(article=korean, title="전문", original_name="바이든-푸틴 정상회담 전문.pdf")
    tag = english.tags.order_by("name").first()
    return Site(english=english, korean=korean, tag_slug=tag.slug)


def in_language(code, name, *args, **kwargs):
    with translation.override(code):
        return reverse(name, args=args, kwargs=kwargs)


def mail_page_url(article):
    with translation.override(article.language):
        return f"{reverse('mailing:send')}?url={article.absolute_url}"


# --- Page states ------------------------------------------------------------------


def _goto(page, live_server, path, status=200):
    response = page.goto(live_server.url + path)
    assert response.status == status, f"{path} answered {response.status}"
    return response


def _open_dialog(page, live_server, site):
    _goto(page, live_server, site.english.get_absolute_url())
    page.get_by_role("button", name="Send Email").click()
    page.locator("#send-email-dialog[open]").wait_for()


def _cite_dialog(page, live_server, site):
    _goto(page, live_server, site.english.get_absolute_url())
    page.get_by_role("link", name="Cite").click()
    page.locator("#cite-dialog[open] .citation-text").first.wait_for()


def _dialog_errors(page, live_server, site):
    _open_dialog(page, live_server, site)
    page.get_by_label("Recipient email").fill("not an address")
    page.get_by_label("Message").fill("See https://spam.example")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("#mail_message_error li").first.wait_for()


def _dialog_sent(page, live_server, site):
    _open_dialog(page, live_server, site)
    page.get_by_label("Recipient email").fill("friend@example.org")
    page.get_by_label("Message").fill("Worth reading.")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator(".mail-status-ok").wait_for()


def _mail_page_errors(page, live_server, site):
    _goto(page, live_server, mail_page_url(site.english))
    page.get_by_label("Recipient email").fill("not an address")
    page.get_by_label("Message").fill("See https://spam.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Send", exact=True).click()
    assert page.title().startswith("Error"), page.title()


def _unsubscribe(page, live_server, site):
    with translation.override("en"):
        path = reverse("mailing:unsubscribe", args=[optout.make_token("friend@example.org")])
    _goto(page, live_server, path)


STATES = {
    "home-en": lambda page, ls, site: _goto(page, ls, in_language("en", "publications:home")),
    "home-ko": lambda page, ls, site: _goto(page, ls, in_language("ko", "publications:home")),
    "series": lambda page, ls, site: _goto(page, ls, site.english.series.get_absolute_url()),
    "tag": lambda page, ls, site: _goto(
        page, ls, in_language("en", "publications:tag", site.tag_slug)
    ),
    "author": lambda page, ls, site: _goto(
        page, ls, site.english.ordered_authors()[0].get_absolute_url()
    ),
    "article-en": lambda page, ls, site: _goto(page, ls, site.english.get_absolute_url()),
    "article-ko": lambda page, ls, site: _goto(page, ls, site.korean.get_absolute_url()),
    "cite-page": lambda page, ls, site: _goto(
        page, ls, in_language("en", "publications:article_cite", site.english.pk)
    ),
    "cite-dialog": _cite_dialog,
    "dialog-open": _open_dialog,
    "dialog-errors": _dialog_errors,
    "dialog-sent": _dialog_sent,
    "mail-page-errors": _mail_page_errors,
    "search-results": lambda page, ls, site: _goto(
        page, ls, in_language("en", "search:results") + "?q=summit"
    ),
    "search-results-ko": lambda page, ls, site: _goto(
        page, ls, in_language("ko", "search:results") + "?q=정상회담"
    ),
    "unsubscribe": _unsubscribe,
    "accessibility": lambda page, ls, site: _goto(page, ls, in_language("en", "accessibility")),
    "not-found": lambda page, ls, site: _goto(
        page, ls, in_language("en", "publications:home") + "no-such-page/", status=404
    ),
}


def open_state(page, live_server, site, name):
    STATES[name](page, live_server, site)


# --- The checkers ------------------------------------------------------------------


def run_axe(page):
    """axe-core's violations on the page as it is now (WCAG 2.x A/AA and best practices)."""
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: `npm ci` (make test runs it)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
        })""",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


def run_vnu(paths):
    """The Nu HTML checker's errors for the HTML files in `paths`: {file name: [messages]}."""
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is needed for vnu.jar (bin/system-deps installs default-jre-headless)")
    if not VNU.exists():
        pytest.fail("node_modules/vnu-jar is missing: `npm ci` (make test runs it)")
    done = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout or "{}")
    errors = {}
    for message in report.get("messages", []):
        if message.get("type") in ("error", "non-document-error"):
            name = Path(message.get("url", "")).name
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message.get('message')}"
                f" [{message.get('extract', '').strip()[:80]}]"
            )
    if done.returncode not in (0, 1) and not errors:
        pytest.fail(f"vnu.jar failed: {done.stderr[-2000:]}")
    return errors


def now():
    return timezone.now()
