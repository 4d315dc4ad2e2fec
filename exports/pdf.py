"""PDF documents rendered with WeasyPrint from autoescaped Jinja templates.

Facts this module is built on (docs/design/pdf-excel-notes.md):
- one FontConfiguration per process, given to both ``CSS`` and ``write_pdf``: a new one per
  document leaks ~0.2 MB and a ``CSS`` with ``@font-face`` but no font_config silently falls back
  to another font;
- fonts are bundled and served by a URL fetcher that refuses everything else, so page breaks are
  the same on every host and rendering never touches the network or the file system at large.
"""

from __future__ import annotations

import io
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from exports.data import (
    AnnualFormData,
    DecisionDocData,
    MinutesData,
    NoticeData,
    PeriodSheetDocData,
    PersonalNoticeData,
    PetitionReplyData,
    PostingRecordData,
    level_label,
    nfc,
)
from scoring.vocabulary import LEVEL_NAMES, LEVELS

PACKAGE_DIR = Path(__file__).resolve().parent
FONT_DIR = PACKAGE_DIR / "fonts"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
# Base URL of every document: relative url()s in the stylesheet resolve to the bundled fonts.
_BASE_URL = FONT_DIR.as_uri() + "/"
_FONT_FILES = frozenset(p.name for p in FONT_DIR.glob("*.ttf"))
# 16,384 stack slots of 8 bytes: 128 KiB, four times the deepest render measured (a notice
# needs under 32 KiB).
_DEEP_STACK_SLOTS = 16_384
T = TypeVar("T")


class BundledFontFetcher(URLFetcher):
    """Serve only the bundled font files; refuse every other URL (network, file, data)."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:  # noqa: ARG002
        if url.startswith(_BASE_URL):
            name = url[len(_BASE_URL) :].split("?", 1)[0].split("#", 1)[0]
            if name in _FONT_FILES:
                return URLFetcherResponse(
                    url, body=(FONT_DIR / name).read_bytes(), headers={"Content-Type": "font/ttf"}
                )
        raise ValueError(f"URL refused by the export fetcher: {url[:80]}")


def _finalize(value: Any) -> Any:
    # Every string that reaches a document is NFC, whatever the caller passed.
    if value is None:
        return ""
    return nfc(value) if isinstance(value, str) else value


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=True,  # user text such as "<b>x</b>" must print literally
    finalize=_finalize,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals["levels"] = tuple((code, LEVEL_NAMES[code]) for code in LEVELS)
_ENV.filters["level_label"] = level_label


def call_on_deep_stack(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``function`` with room for its whole recursion in one block of the Python stack.

    CPython 3.11 keeps a thread's Python frames in 16 KiB blocks and unmaps a block as soon as
    the call that opened it returns (python/cpython#142183; from 3.13 a spare block is kept).
    WeasyPrint's layout recurses up and down across such a border thousands of times per
    document: an mmap, a munmap and fresh page faults each time. Measured on a 30-row notice:
    from 500 to 4,400 page faults a render depending only on the caller's depth, and up to 40%
    more time (``python bench/exports.py depths``). This function's frame is declared 128 KiB
    deep (its code object's stack size; the slots are never written), so CPython opens one
    256 KiB block for it and ``function`` recurses inside the spare half: one mapping per call,
    whatever the depth.
    """
    return function(*args, **kwargs)


call_on_deep_stack.__code__ = call_on_deep_stack.__code__.replace(co_stacksize=_DEEP_STACK_SLOTS)


class _Renderer:
    """Process-wide font configuration, fetcher and parsed stylesheet."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.font_config = FontConfiguration()
        self.fetcher = BundledFontFetcher()
        self.css = CSS(
            string=(TEMPLATE_DIR / "document.css").read_text(encoding="utf-8"),
            base_url=_BASE_URL,
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )

    def render(self, template: str, context: dict[str, Any]) -> bytes:
        html = _ENV.get_template(template).render(**context)
        document = HTML(string=html, base_url=_BASE_URL, url_fetcher=self.fetcher)
        # The shared FontConfiguration (Pango/fontconfig) is not documented as thread-safe:
        # threads of one process take turns; use processes (render_many) for parallelism.
        with self.lock:
            pdf = call_on_deep_stack(
                document.write_pdf, stylesheets=[self.css], font_config=self.font_config
            )
        assert pdf is not None
        return pdf


_renderer: _Renderer | None = None


def _get_renderer() -> _Renderer:
    global _renderer
    # A forked child must not share fontconfig/Pango state with its parent: rebuild per pid.
    if _renderer is None or _renderer.pid != os.getpid():
        _renderer = _Renderer()
    return _renderer


def vn_date(d: date) -> str:
    """'ngày 05 tháng 12 năm 2026': days below 10 and months 1–2 take a leading 0 (Decree 30)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def _sign_date(d: date | None) -> str:
    # A blank date line for forms printed before they are signed.
    return vn_date(d) if d else "ngày … tháng … năm …"


NUMBER_BLANK = "\u00a0" * 10


def number_line(number: int | None, symbol: str) -> str:
    """'Số: 05/TB-SNV': numbers below 10 take a leading 0; a draft leaves the number blank."""
    if not number:  # non-breaking spaces: the blank the văn thư writes the number in survives
        return f"Số:{NUMBER_BLANK}/{symbol}"
    return f"Số: {number:02d}/{symbol}"


def recipient_lines(recipients: Iterable[str]) -> tuple[str, ...]:
    """Nơi nhận in the Decree 30 form: '- X;' lines, the last one '- Lưu: VT, ….'."""
    items = [nfc(r).strip().lstrip("-").strip().rstrip(";.").strip() for r in recipients]
    items = [r for r in items if r]
    return tuple(f"- {r}{'.' if i == len(items) - 1 else ';'}" for i, r in enumerate(items))


def _issued(place: str, d: date | None) -> str:
    return f"{place}, {_sign_date(d)}" if place else _sign_date(d)


def numbered_context(data: Any, **extra: Any) -> dict[str, Any]:
    """What every numbered document prints around its body: a draft ("DỰ THẢO") until it has a
    number from the register, the number line, place and date, Nơi nhận. ``data`` carries
    draft, number, symbol, place, issued_on and recipients."""
    draft = data.draft or not data.number
    return {
        "d": data,
        "draft": draft,
        "number_line": number_line(None if draft else data.number, data.symbol),
        "place_date": _issued(data.place, None if draft else data.issued_on),
        "recipients": recipient_lines(data.recipients),
        **extra,
    }


def notice_context(data: NoticeData) -> dict[str, Any]:
    return numbered_context(data)


def notice_pdf(data: NoticeData) -> bytes:
    """The public notice of results in the Decree 30/2020 layout."""
    return _get_renderer().render("notice.html", notice_context(data))


def personal_notice_context(data: PersonalNoticeData) -> dict[str, Any]:
    return numbered_context(data, level=level_label(data.level_code))


def personal_notice_pdf(data: PersonalNoticeData) -> bytes:
    """Written notice of the level to one person."""
    return _get_renderer().render("personal_notice.html", personal_notice_context(data))


_FORM_NOUNS = {"D233": "viên chức", "D335": "công chức", "QD366": "cán bộ"}
_D90_NOUNS = {"D90-01": "cán bộ", "D90-02": "công chức", "D90-03": "viên chức"}


def place_date(place: str, d: date | None) -> str:
    """'Bắc Ninh, ngày 05 tháng 12 năm 2026'; blanks to fill by hand when there is no date."""
    text = _sign_date(d)
    return f"{place}, {text}" if place else text.capitalize()


def score_text(value: Any, blank: str = "") -> str:
    """A score the Vietnamese way: '27,5' (decimal comma), '65' without trailing zeros."""
    if value is None or value == "":
        return blank
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


_ENV.filters["score"] = score_text


def dmy(value: date | None, blank: str = "") -> str:
    """A date in a table cell: '05/03/2026'."""
    return value.strftime("%d/%m/%Y") if value else blank


_ENV.filters["dmy"] = dmy


def annual_form_context(data: AnnualFormData) -> tuple[str, dict[str, Any]]:
    """The template and context of one person's annual form (shared with the Word export)."""
    d90 = data.regime.startswith("D90")
    context = {
        "d": data,
        "title": data.resolved_title,
        "noun": (_D90_NOUNS if d90 else _FORM_NOUNS).get(data.regime, "công chức"),
        "self_date": place_date(data.place, data.self_signed_on),
        "manager_date": place_date(data.place, None),
        "authority_date": place_date(data.place, data.authority_signed_on),
    }
    return ("form_d90.html" if d90 else "form_scored.html"), context


def annual_form_pdf(data: AnnualFormData) -> bytes:
    """The annual classification form of one person (docs/rules/rules.md §6), filled."""
    template, context = annual_form_context(data)
    return _get_renderer().render(template, context)


def period_sheet_context(data: PeriodSheetDocData) -> dict[str, Any]:
    """Decree 335 Mẫu số 01 of one period (shared with the Word export)."""
    scores = []
    for confirmed, own in (
        (data.general_score, data.self_general),
        (data.task_score, data.self_task),
        (data.total_score, data.self_total),
    ):
        # Once the manager has scored, their figure stands and the person's stays beside it.
        if confirmed is not None:
            note = f"cá nhân tự chấm: {score_text(own)}" if own is not None else ""
            scores.append((confirmed, note))
        else:
            scores.append((own, ""))
    work_tables = []
    if data.items:
        work_tables.append(("Sản phẩm, công việc trong kỳ do cá nhân kê khai:", data.items))
    if data.manager_items:
        work_tables.append(
            ("Sản phẩm, công việc trong kỳ do cấp có thẩm quyền xác nhận:", data.manager_items)
        )
    ratios = ""
    if data.task_ratios is not None:
        quantity, quality, progress = (score_text(v) for v in data.task_ratios)
        ratios = f"Tỷ lệ số lượng {quantity}%, chất lượng {quality}%, tiến độ {progress}%"
        if len(data.leader_ratios) == 3:
            field, organising, uniting = (score_text(v) for v in data.leader_ratios)
            ratios += (
                f"; kết quả lĩnh vực được giao phụ trách {field}%, tổ chức triển khai "
                f"{organising}%, tập hợp, đoàn kết {uniting}%"
            )
        ratios += "."
    return {
        "d": data,
        "draft": data.draft,
        "scores": scores,
        "ratios": ratios,
        "work_tables": work_tables,
        "self_date": place_date(data.place, data.self_signed_on),
        "authority_date": place_date(data.place, data.authority_signed_on),
    }


def period_sheet_pdf(data: PeriodSheetDocData) -> bytes:
    """One person's monthly or quarterly sheet (Decree 335 Mẫu số 01), filled."""
    return _get_renderer().render("period_sheet.html", period_sheet_context(data))


def decision_context(data: DecisionDocData) -> dict[str, Any]:
    return numbered_context(data)


def decision_pdf(data: DecisionDocData) -> bytes:
    """The decision approving the year's results, with its annexed list."""
    return _get_renderer().render("decision.html", decision_context(data))


def minutes_context(data: MinutesData) -> dict[str, Any]:
    # Numbered only once adopted: draft minutes say "DỰ THẢO" and leave the number blank.
    draft = not data.adopted or not data.number
    return {
        "d": data,
        "held_date": vn_date(data.held_on),
        "draft": draft,
        "number_line": number_line(None if draft else data.number, data.symbol),
        "place_date": _issued(data.issuer_place, data.held_on),
        "recipients": recipient_lines(data.recipients),
    }


def minutes_pdf(data: MinutesData) -> bytes:
    """Minutes of the unit's evaluation meeting."""
    return _get_renderer().render("minutes.html", minutes_context(data))


# Law 10/2022 Art 48.2: printed results stay posted at least 20 consecutive days.
POSTING_ARTICLE = "khoản 2 Điều 48 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"


def posting_record_context(data: PostingRecordData) -> dict[str, Any]:
    return numbered_context(
        data,
        posted_date=vn_date(data.posted_on),
        until=data.removed_on or data.visible_until,
        article=POSTING_ARTICLE,
    )


def posting_record_pdf(data: PostingRecordData) -> bytes:
    """Biên bản niêm yết of a printed notice."""
    return _get_renderer().render("posting_record.html", posting_record_context(data))


def petition_reply_context(data: PetitionReplyData) -> dict[str, Any]:
    return numbered_context(data)


def petition_reply_pdf(data: PetitionReplyData) -> bytes:
    """Công văn trả lời kiến nghị về kết quả xếp loại."""
    return _get_renderer().render("petition_reply.html", petition_reply_context(data))


RENDERERS: dict[str, Callable[[Any], bytes]] = {
    "notice": notice_pdf,
    "personal_notice": personal_notice_pdf,
    "annual_form": annual_form_pdf,
    "minutes": minutes_pdf,
}


def _render_one(kind: str, item: Any) -> bytes:
    return RENDERERS[kind](item)


def _warm_up() -> None:
    _get_renderer()


def render_many(items: Iterable[Any], kind: str, workers: int = 1) -> list[bytes]:
    """Render many documents of one kind, reusing the stylesheet and font configuration.

    ``workers > 1`` uses a process pool ("spawn": no inherited Pango/fontconfig state, no
    fork-with-threads hazards inside a web or job server); each worker builds its renderer once.
    Results are returned in the order of ``items``.
    """
    if kind not in RENDERERS:
        raise ValueError(f"unknown document kind: {kind!r}")
    if workers <= 1:
        render = RENDERERS[kind]
        return [render(item) for item in items]
    seq: Sequence[Any] = items if isinstance(items, Sequence) else list(items)
    chunk = max(1, len(seq) // (workers * 8))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_warm_up
    ) as pool:
        return list(pool.map(_render_one, [kind] * len(seq), seq, chunksize=chunk))


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')


def zip_pdfs(named: Iterable[tuple[str, bytes]]) -> bytes:
    """Pack (file name, PDF bytes) pairs into a ZIP; names are NFC, flat and unique."""
    buffer = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in named:
            # Flat names only: no directories, no "..", nothing a client could misread.
            base = _UNSAFE_NAME.sub("_", nfc(name))
            base = re.sub(r"\.{2,}", ".", base).strip(" .") or "tai-lieu"
            if not base.lower().endswith(".pdf"):
                base += ".pdf"
            candidate, n = base, 1
            while candidate.lower() in seen:
                n += 1
                candidate = f"{base[:-4]} ({n}).pdf"
            seen.add(candidate.lower())
            archive.writestr(candidate, content)
    return buffer.getvalue()
