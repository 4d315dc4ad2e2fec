"""Benchmarks of the exports package: time and memory, printed, never asserted.

Run: ``python bench/exports.py`` (all groups, ~8 minutes on 2 cores) or one or more groups:
``notice``, ``workbook``, ``forms``, ``depths`` (a notice called from different stack depths)
and ``instructions`` (instructions a notice render, counted by valgrind).

Every case runs in a fresh interpreter so that its peak RSS is its own: "base" is the RSS after
imports and warm-up, "peak" the process's maximum RSS, "growth" their difference.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import html
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, this file's directory comes first on sys.path and "exports" would import this
# very file instead of the package: put the project root first instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path[0:0] = [str(ROOT), str(ROOT / "tests" / "exports")]

import exports_samples as samples  # noqa: E402

from bench.instructions import callgrind_count, switch_counting  # noqa: E402
from exports import excel, pdf  # noqa: E402
from exports.data import ResultRow  # noqa: E402

Case = Callable[[list[str]], dict[str, Any]]


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux


def _measure(run: Callable[[], Any], repeats: int = 1) -> dict[str, Any]:
    """Time `run`; with repeats > 1 the median run, since a single 0.15 s render is noise."""
    base = _rss_mb()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    seconds = sorted(times)[len(times) // 2]
    return {"seconds": seconds, "base_mb": base, "peak_mb": _peak_mb(), "result": result}


# --- notice -----------------------------------------------------------------------------------


def case_notice(args: list[str]) -> dict[str, Any]:
    n, repeats = int(args[0]), int(args[1])
    pdf.notice_pdf(samples.notice(1))  # warm-up: font configuration, stylesheet, templates
    data = samples.notice(n)
    out = _measure(lambda: len(pdf.notice_pdf(data)), repeats)
    out["result"] = f"{out['result'] / 1e3:.0f} kB"
    return out


# The same page box, font and table geometry as the notice, without the document around the
# table (header blocks, body, signature, page numbers) and without the template engine.
BARE_CSS = """
@font-face { font-family: T; src: url("Tinos-Regular.ttf"); }
@font-face { font-family: T; src: url("Tinos-Bold.ttf"); font-weight: bold; }
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
html { font-family: T; font-size: 13pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
td, th { border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: top; line-height: 1.2; }
"""
BARE_COLS = (
    '<colgroup><col style="width: 7%"><col style="width: 28%"><col style="width: 19%">'
    '<col style="width: 21%"><col style="width: 25%"></colgroup>'
)


def _bare_html(rows: int, before: str = "", after: str = "") -> str:
    body = "".join(
        f"<tr><td>{i}</td><td>{html.escape(r.full_name)}</td><td>{html.escape(r.title)}</td>"
        f"<td>{html.escape(r.unit_name)}</td><td>{html.escape(r.level_label)}</td></tr>"
        for i, r in enumerate(samples.notice_rows(rows), start=1)
    )
    # The notice's own column headings: the header row is repeated on every page.
    return (
        f"{before}<table>{BARE_COLS}<thead><tr><th>STT</th><th>Họ và tên</th>"
        f"<th>Chức vụ/chức danh</th><th>Đơn vị</th><th>Mức xếp loại</th></tr></thead>"
        f"<tbody>{body}</tbody></table>{after}"
    )


def _notice_words(rows: int) -> tuple[str, str]:
    """The words the notice prints around its table (header, title, body; signature and
    recipients) as unstyled paragraphs: what any document holding them costs at least."""
    d = samples.notice(rows)
    top = [
        d.governing_body,
        d.agency_name,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        pdf.number_line(d.number, d.symbol),
        f"{d.place}, {pdf.vn_date(d.issued_on)}",
        "THÔNG BÁO",
        d.summary,
        *d.body_paragraphs,
    ]
    bottom = ["Nơi nhận:", *d.recipients, d.signer_authority, d.signer_post, d.signer_name]

    def paragraphs(texts: list[str]) -> str:
        return "".join(f"<p>{html.escape(t)}</p>" for t in texts if t)

    return paragraphs(top), paragraphs(bottom)


def _bare_renderer(deep_stack: bool = False, words: bool = False) -> Callable[[int], int]:
    """The same rows and font through WeasyPrint with no template, header or signature.

    With ``deep_stack`` the call goes through ``pdf.call_on_deep_stack`` as ours does: the
    bare render without CPython 3.11's stack-block churn, i.e. its best case. With ``words``
    the notice's own words stand around the table as unstyled paragraphs.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fc = FontConfiguration()
    base_url = pdf.FONT_DIR.as_uri() + "/"
    css = CSS(string=BARE_CSS, base_url=base_url, font_config=fc)

    def render(rows: int) -> int:
        doc = _bare_html(rows, *_notice_words(rows)) if words else _bare_html(rows)
        write = HTML(string=doc, base_url=base_url).write_pdf
        if deep_stack:
            out = pdf.call_on_deep_stack(write, stylesheets=[css], font_config=fc)
        else:
            out = write(stylesheets=[css], font_config=fc)
        return len(out or b"")

    render(1)
    return render


def case_bare_notice(args: list[str]) -> dict[str, Any]:
    n, repeats = int(args[0]), int(args[1])
    render = _bare_renderer(deep_stack=len(args) > 2 and args[2] == "deep")
    out = _measure(lambda: render(n), repeats)
    out["result"] = f"{out['result'] / 1e3:.0f} kB"
    return out


def _at_depth(depth: int, run: Callable[[], Any]) -> Any:
    """Call `run` from `depth` extra Python frames: where a caller sits on the stack decides
    how often a plain WeasyPrint call crosses a 16 KiB stack block (see pdf.call_on_deep_stack)."""
    return run() if depth == 0 else _at_depth(depth - 1, run)


def case_notice_pair(args: list[str]) -> dict[str, Any]:
    """Ours, bare and bare on a deep stack in turns in one process: this machine's speed drifts
    by tens of percent within minutes, so all three are sampled over the same minutes; the
    ratios of their medians are reported. Round i runs all three from the same call depth,
    4·i mod 48 frames deeper, as callers at different depths would."""
    n, repeats = int(args[0]), int(args[1])
    bare, bare_deep = _bare_renderer(), _bare_renderer(deep_stack=True)
    pdf.notice_pdf(samples.notice(1))
    data = samples.notice(n)
    base = _rss_mb()
    times: dict[str, list[float]] = {"ours": [], "bare": [], "bare_deep": []}
    runs: dict[str, Callable[[], Any]] = {
        "ours": lambda: pdf.notice_pdf(data),
        "bare": lambda: bare(n),
        "bare_deep": lambda: bare_deep(n),
    }
    size = len(pdf.notice_pdf(data))
    for i in range(repeats):
        for name, run in runs.items():
            gc.collect()  # no render pays for another's garbage
            start = time.perf_counter()
            _at_depth(4 * i % 48, run)
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    return {
        "seconds": median["ours"],
        "bare_seconds": median["bare"],
        "bare_deep_seconds": median["bare_deep"],
        "base_mb": base,
        "peak_mb": _peak_mb(),
        "result": f"{size / 1e3:.0f} kB",
    }


@contextlib.contextmanager
def _plain_stack() -> Iterator[None]:
    """Our renderer as it was before ``call_on_deep_stack``: write_pdf called plainly."""
    deep = pdf.call_on_deep_stack
    pdf.call_on_deep_stack = lambda function, *args, **kwargs: function(*args, **kwargs)
    try:
        yield
    finally:
        pdf.call_on_deep_stack = deep


def _minor_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def case_depths(args: list[str]) -> dict[str, Any]:
    """Time and page faults of one render from 0 to 44 extra frames deep, 3 rounds per depth,
    the four renders in turns at each depth."""
    n = int(args[0])
    data = samples.notice(n)
    bare, bare_deep = _bare_renderer(), _bare_renderer(deep_stack=True)

    def ours_plain() -> Any:
        with _plain_stack():
            return pdf.notice_pdf(data)

    runs: dict[str, Callable[[], Any]] = {
        "ours": lambda: pdf.notice_pdf(data),
        "ours, plain call (before)": ours_plain,
        "bare, plain call": lambda: bare(n),
        "bare on a deep stack": lambda: bare_deep(n),
    }
    for run in runs.values():
        run()
    seconds: dict[str, dict[int, list[float]]] = {name: {} for name in runs}
    faults: dict[str, dict[int, list[int]]] = {name: {} for name in runs}
    for _round in range(3):
        for depth in range(0, 48, 4):
            for name, run in runs.items():
                gc.collect()
                before, start = _minor_faults(), time.perf_counter()
                _at_depth(depth, run)
                seconds[name].setdefault(depth, []).append(time.perf_counter() - start)
                faults[name].setdefault(depth, []).append(_minor_faults() - before)
    out: dict[str, Any] = {}
    for name in runs:
        per_depth = [statistics.median(t) for t in seconds[name].values()]
        per_depth_faults = [statistics.median(f) for f in faults[name].values()]
        out[name] = {
            "median": statistics.median(per_depth),
            "fastest": min(per_depth),
            "slowest": max(per_depth),
            "faults": (min(per_depth_faults), max(per_depth_faults)),
        }
    return out


def case_notice_count(args: list[str]) -> dict[str, Any]:
    """Inside valgrind: warm up, count the instructions of `k` renders of one kind only."""
    which, n, k = args[0], int(args[1]), int(args[2])
    data = samples.notice(n)
    bare = _bare_renderer(deep_stack=True, words=which == "words")
    run: Callable[[], Any] = (lambda: pdf.notice_pdf(data)) if which == "ours" else lambda: bare(n)
    for _ in range(3):
        run()
    switch_counting(on=True)
    for _ in range(k):
        run()
    switch_counting(on=False)
    return {}


# --- workbook ---------------------------------------------------------------------------------


def _rows(n: int) -> Iterator[ResultRow]:
    return samples.result_rows(n, payload_every=97)


def case_ours(args: list[str]) -> dict[str, Any]:
    n = int(args[0])
    with tempfile.TemporaryFile() as handle:
        out = _measure(lambda: excel.write_results_workbook(samples.results(0), handle) or 0)
    with tempfile.TemporaryFile() as handle:
        data = dataclasses.replace(samples.results(0), rows=_rows(n))
        out = _measure(lambda: excel.write_results_workbook(data, handle))
        out["result"] = f"{handle.tell() / 1e6:.1f} MB"
    return out


def _cells(r: ResultRow, i: int) -> tuple[Any, ...]:
    return excel._result_cells(i, r)


def case_xlsxwriter(args: list[str]) -> dict[str, Any]:
    """Bare XlsxWriter constant_memory: the same cells into the same per-unit sheets."""
    import xlsxwriter

    n = int(args[0])
    with tempfile.TemporaryFile() as handle:

        def run() -> int:
            wb = xlsxwriter.Workbook(handle, {"constant_memory": True})
            date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
            sheets: dict[str, Any] = {}
            next_row: dict[str, int] = {}
            for r in _rows(n):
                ws = sheets.get(r.unit_name)
                if ws is None:
                    ws = sheets[r.unit_name] = wb.add_worksheet(r.unit_name)
                    for c, h in enumerate(excel.RESULT_COLUMNS):
                        ws.write_string(0, c, h)
                    next_row[r.unit_name] = 1
                row = next_row[r.unit_name]
                for c, v in enumerate(_cells(r, row)):
                    if v is None:
                        continue
                    if isinstance(v, bool):
                        ws.write_string(row, c, "Có" if v else "Không")
                    elif isinstance(v, str):
                        ws.write_string(row, c, v)
                    elif hasattr(v, "year"):
                        ws.write_datetime(row, c, v, date_fmt)
                    else:
                        ws.write_number(row, c, float(v))
                next_row[r.unit_name] = row + 1
            wb.close()
            return handle.tell()

        out = _measure(run)
        out["result"] = f"{out['result'] / 1e6:.1f} MB"
    return out


def case_openpyxl(args: list[str]) -> dict[str, Any]:
    """openpyxl write-only mode, same cells and sheets."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    n = int(args[0])
    with tempfile.TemporaryFile() as handle:

        def run() -> int:
            wb = openpyxl.Workbook(write_only=True)
            sheets: dict[str, Any] = {}
            for r in _rows(n):
                ws = sheets.get(r.unit_name)
                if ws is None:
                    ws = sheets[r.unit_name] = wb.create_sheet(r.unit_name)
                    ws.append(list(excel.RESULT_COLUMNS))
                cells = []
                for v in _cells(r, 0):
                    if isinstance(v, bool):
                        v = "Có" if v else "Không"
                    cell = WriteOnlyCell(ws, value=float(v) if hasattr(v, "as_tuple") else v)
                    if hasattr(v, "year"):
                        cell.number_format = "dd/mm/yyyy"
                    cells.append(cell)
                ws.append(cells)
            wb.save(handle)
            return handle.tell()

        out = _measure(run)
        out["result"] = f"{out['result'] / 1e6:.1f} MB"
    return out


def case_pandas(args: list[str]) -> dict[str, Any]:
    """pandas DataFrame → to_excel, one sheet per unit (engine given as args[1])."""
    import pandas as pd

    n, engine = int(args[0]), args[1]
    with tempfile.TemporaryFile() as handle:

        def run() -> int:
            frame = pd.DataFrame.from_records(
                [_cells(r, 0) for r in _rows(n)], columns=list(excel.RESULT_COLUMNS)
            )
            with pd.ExcelWriter(
                handle, engine=engine, date_format="DD/MM/YYYY", datetime_format="DD/MM/YYYY"
            ) as writer:
                for unit, part in frame.groupby("Đơn vị", sort=False):
                    part.to_excel(writer, sheet_name=str(unit)[:31], index=False)
            return handle.tell()

        out = _measure(run)
        out["result"] = f"{out['result'] / 1e6:.1f} MB"
    return out


# --- forms ------------------------------------------------------------------------------------


def case_forms(args: list[str]) -> dict[str, Any]:
    n, workers = int(args[0]), int(args[1])
    items = [samples.annual_form(i) for i in range(n)]
    if workers == 1:
        pdf.annual_form_pdf(items[0])  # warm-up, as a long-lived worker would be
    out = _measure(lambda: sum(map(len, pdf.render_many(items, "annual_form", workers=workers))))
    out["result"] = f"{n / out['seconds']:.1f} forms/s"
    return out


CASES: dict[str, Case] = {
    "notice": case_notice,
    "bare_notice": case_bare_notice,
    "notice_pair": case_notice_pair,
    "ours": case_ours,
    "xlsxwriter": case_xlsxwriter,
    "openpyxl": case_openpyxl,
    "pandas": case_pandas,
    "forms": case_forms,
    "depths": case_depths,
    "notice_count": case_notice_count,
}


def _child(name: str, *args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--case", name, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _load() -> str:
    # The machine is shared: the load average explains outliers better than any guess.
    one, five, _ = os.getloadavg()
    return f"(load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs)"


def _line(label: str, m: dict[str, Any], extra: str = "") -> dict[str, Any]:
    growth = m["peak_mb"] - m["base_mb"]
    print(
        f"{label:<44} {m['seconds']:8.2f} s   peak {m['peak_mb']:7.0f} MiB"
        f"   growth {growth:6.0f}MiB  {m['result']}{extra}",
        flush=True,
    )
    return m


def bench_notice() -> None:
    print(f"\n## Notice (Decree 30 layout) vs bare WeasyPrint, same rows and font {_load()}")
    print("30 and 300 rows: ours, bare and bare on a deep stack rendered in turns in one process")
    print("(21 and 7 rounds, callers 0-44 frames deep), medians; peak is the process's.")
    print("3,000 rows: one run each in its own process.")
    for n, repeats in ((30, "21"), (300, "7")):
        pair = _child("notice_pair", str(n), repeats)
        _line(f"notice_pdf, {n} rows", pair)
        _line(f"bare WeasyPrint table, {n} rows", {**pair, "seconds": pair["bare_seconds"]})
        deep = {**pair, "seconds": pair["bare_deep_seconds"]}
        _line(f"bare table on a deep stack, {n} rows", deep)
        print(f"{'  ratio ours / bare':<44} {pair['seconds'] / pair['bare_seconds']:8.2f} ×")
        ratio_deep = pair["seconds"] / pair["bare_deep_seconds"]
        print(f"{'  ratio ours / bare on a deep stack':<44} {ratio_deep:8.2f} ×")
    ours = _line("notice_pdf, 3000 rows", _child("notice", "3000", "1"))
    bare = _line("bare WeasyPrint table, 3000 rows", _child("bare_notice", "3000", "1"))
    deep = _line(
        "bare table on a deep stack, 3000 rows", _child("bare_notice", "3000", "1", "deep")
    )
    print(f"{'  ratio ours / bare':<44} {ours['seconds'] / bare['seconds']:8.2f} ×")
    print(f"{'  ratio ours / bare on a deep stack':<44} {ours['seconds'] / deep['seconds']:8.2f} ×")


def bench_workbook() -> None:
    n = 100_000
    print(f"\n## Results workbook, {n:,} rows × 17 columns, one sheet per unit {_load()}")
    ours = _line("write_results_workbook (xlsxwriter c.m.)", _child("ours", str(n)))
    bare = _line("bare xlsxwriter constant_memory", _child("xlsxwriter", str(n)))
    print(f"{'  ratio ours / bare':<44} {ours['seconds'] / bare['seconds']:8.2f} ×")
    _line("openpyxl write-only", _child("openpyxl", str(n)))
    _line("pandas to_excel → xlsxwriter", _child("pandas", str(n), "xlsxwriter"))
    _line("pandas to_excel → openpyxl", _child("pandas", str(n), "openpyxl"))
    print(f"\n## Memory of write_results_workbook against row count {_load()}")
    small = _line("write_results_workbook, 20,000 rows", _child("ours", "20000"))
    growth_small = small["peak_mb"] - small["base_mb"]
    growth_large = ours["peak_mb"] - ours["base_mb"]
    print(f"  RSS growth 20k → 100k rows: {growth_small:.0f} MiB → {growth_large:.0f} MiB")


def bench_forms() -> None:
    print(f"\n## 1,000 annual forms (annual_form_pdf through render_many) {_load()}")
    for workers in (1, 2):
        label = f"render_many 1,000 forms, {workers} worker(s)"
        _line(label, _child("forms", "1000", str(workers)))


def bench_depths() -> None:
    print(f"\n## Notice, 30 rows, called from 0 to 44 extra frames deep {_load()}")
    print("Medians over the 12 depths of each depth's median (3 rounds); page faults a render.")
    for name, m in _child("depths", "30").items():
        low, high = m["faults"]
        print(
            f"{name:<28} median {m['median'] * 1e3:6.1f} ms   fastest {m['fastest'] * 1e3:6.1f} ms"
            f"   slowest {m['slowest'] * 1e3:6.1f} ms   page faults {low:,.0f} to {high:,.0f}"
        )


def _instructions(which: str, n: int, k: int) -> int:
    return callgrind_count(
        [sys.executable, __file__, "--case", "notice_count", which, str(n), str(k)]
    )


def bench_instructions() -> None:
    """Instructions per render under valgrind: repeatable where timings drift."""
    print("\n## Notice, 30 rows: instructions a render (valgrind, 2 renders after warm-up)")
    counts = {which: _instructions(which, 30, 2) / 2 for which in ("bare", "ours", "words")}
    labels = {
        "bare": "bare table on a deep stack",
        "ours": "notice_pdf",
        "words": "bare table + the notice's words as <p>",
    }
    for which, count in counts.items():
        ratio = count / counts["bare"]
        print(f"{labels[which]:<44} {count / 1e6:8.1f} M   {ratio:5.2f} × the bare table")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        result = CASES[sys.argv[2]](sys.argv[3:])
        print(json.dumps(result))
        return
    groups = {
        "notice": bench_notice,
        "workbook": bench_workbook,
        "forms": bench_forms,
        "depths": bench_depths,
        "instructions": bench_instructions,
    }
    wanted = sys.argv[1:] or list(groups)
    print(f"# bench/exports.py on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for name in wanted:
        groups[name]()


if __name__ == "__main__":
    main()
