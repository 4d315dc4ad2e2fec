"""The documents of the simulated 2026 cycle agree with each other (issue 16): counts per level
across the decisions, the notices, the workbook and the report to the superior body; minutes
never after the decisions; no two issued documents with one number; the right authority on each
group's form."""

from __future__ import annotations

import io
import subprocess
from collections import Counter

from openpyxl import load_workbook
from sqlalchemy import func, select

from evaluation import _time
from evaluation.demo.agency import DEMO_CODE
from evaluation.extensions import db
from evaluation.models import Agency, Cycle, Meeting, OutgoingDocument, Unit, UnitKind, User
from evaluation.queries.disclosure import annual_form_data, decided_on, notice_data
from evaluation.queries.report import report_data, report_ref, summary_list_data
from evaluation.queries.results import results_data
from evaluation.services import disclosure
from evaluation.services.authority import authority_for
from evaluation.services.meetings import first_decision_day
from exports import excel
from exports.report import percent_text
from scoring.vocabulary import LEVEL_NAMES, LEVELS


def test_simulated_cycle_documents_agree(app, runner, tmp_path):
    """One test on purpose: the simulation takes most of a minute."""
    result = runner.invoke(args=["demo", "--simulate", "2026"])
    assert result.exit_code == 0, result.output
    agency = db.session.scalars(select(Agency).where(Agency.code == DEMO_CODE)).one()
    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == agency.id, Cycle.year == 2026)
    ).one()
    hr = db.session.scalars(select(User).where(User.username == "tccb")).one()
    centre = db.session.scalars(
        select(Unit).where(Unit.agency_id == agency.id, Unit.kind == UnitKind.PUBLIC_SERVICE)
    ).one()
    publications = []
    for unit, signer in ((None, agency.head), (centre, centre.head)):
        publication, _warning = disclosure.publish(
            cycle,
            {
                "unit_id": unit.id if unit else None,
                "decided_on": disclosure.default_decided_on(cycle, None),
                "published_on": _time.today(),
                "method": "posting",
                "notice_number": None,
                "notice_date": _time.today(),
                "signer_post": "Giám đốc",
                "signer_name": signer.full_name,
            },
            hr,
        )
        publications.append(publication)
    db.session.commit()

    # Counts per level: the decisions, the two notices (the Sở's and the Centre's own), the
    # workbook's summary.
    approved = disclosure.approved_decisions(cycle, None)
    decided = Counter(d.level.value for d in approved)
    # The Director is classified by the Chairman (Decree 335 Art 21.1(d)): outside the Sở's own
    # decision and its notice's totals; the notice posts his result apart.
    decided_here = Counter(d.level.value for d in approved if d.staff_id != agency.head.id)
    notices = [notice_data(p, disclosure.scope_unit_ids(p)) for p in publications]
    noticed: Counter[str] = Counter()
    for data in notices:
        for label, count in data.totals:
            noticed[label] += count
        assert sum(n for _l, n in data.totals) == len(data.rows)
    assert noticed == Counter({LEVEL_NAMES[c]: decided_here[c] for c in LEVELS})
    assert sum((decided - decided_here).values()) == 1  # the Director alone
    assert any(agency.head.full_name in line for line in notices[0].closing_paragraphs)
    assert all(agency.head.full_name != row.full_name for row in notices[0].rows)
    assert notices[0].agency_name == agency.name and notices[1].agency_name == centre.name
    assert notices[1].symbol == f"TB-{centre.symbol or centre.code}"
    book = load_workbook(io.BytesIO(excel.results_workbook(results_data(cycle))), read_only=True)
    total = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Tổng cộng")
    for n, code in enumerate(LEVELS):
        assert total[3 + 2 * n] == decided[code], code

    # The decision approving the results: its Article 1 gives the same counts, and the notice
    # printed after it cites it.
    out = tmp_path / "qd.pdf"
    issued = runner.invoke(args=["export", "decision", "--year", "2026", "-o", str(out)])
    assert issued.exit_code == 0, issued.output
    # Its number follows the departments' recognition decisions already in the register
    # (issue 20: the director's decisions recognising each department).
    recognitions = db.session.scalar(
        select(func.count(OutgoingDocument.id)).where(
            OutgoingDocument.doc_type == "QĐ",
            OutgoingDocument.issuer == agency.code,
            OutgoingDocument.ref.like("unit_recognition:%"),
        )
    )
    assert recognitions > 0
    assert f"{recognitions + 1:02d}/QĐ-" in issued.output
    from evaluation.queries.disclosure import approval_ref, decision_doc_data
    from evaluation.services import register
    from evaluation.services.authority import agency_issuer

    document = register.find(agency.id, approval_ref(cycle, agency_issuer(agency)))
    decision_doc = decision_doc_data(cycle, document=document)
    for label, count in notices[0].totals:
        assert f"{label}: {count} người" in decision_doc.articles[0]
    cited = notice_data(publications[0], None)
    assert any(f"Quyết định số {document.number_symbol}" in line for line in cited.basis)

    # The report to the superior body and HR's summary list: the same counts per level, per
    # group, with their percentages printed; the HTXS and KHTNV lists are the decided people.
    classified = Counter(d.level.value for d in approved if d.staff.group.value != "nguoi_lao_dong")
    out = tmp_path / "bc.pdf"
    reported = runner.invoke(
        args=["export", "report", "--year", "2026", "--to", "Ủy ban nhân dân tỉnh Bắc Ninh"]
        + ["-o", str(out)]
    )
    assert reported.exit_code == 0, reported.output
    report_doc = register.find(agency.id, report_ref(cycle))
    assert report_doc is not None and report_doc.doc_type == "BC"
    report = report_data(cycle, report_doc)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    assert f"Số: {report_doc.number_symbol}" in text and "DỰ THẢO" not in text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh." in text
    assert agency.head.full_name in text
    by_level: Counter[str] = Counter()
    for group in (g for g in report.groups if g.classified):
        for label, count in group.counts:
            by_level[label] += count
            assert f"{count} ({percent_text(count, group.total)})" in text, (group.name, label)
    assert by_level == Counter({LEVEL_NAMES[c]: classified[c] for c in LEVELS})
    assert len(report.htxs) == classified["HTXS"] and len(report.khtnv) == classified["KHTNV"]
    assert all(p.full_name in text for p in report.htxs + report.khtnv)
    summary = summary_list_data(cycle)
    listed: Counter[str] = Counter()
    for group in (g for g in summary.groups if g.classified):
        assert len(group.rows) == group.total
        listed.update(dict(group.counts))
    assert listed == by_level

    # Minutes never postdate the decisions they support: the unit's first decision day, and
    # every approved decision of a person of the unit.
    for meeting in db.session.scalars(select(Meeting).where(Meeting.cycle_id == cycle.id)):
        first = first_decision_day(cycle, meeting.unit_id)
        assert first is None or meeting.held_on <= first, meeting
        for d in approved:
            if d.staff.unit_id == meeting.unit_id:
                assert meeting.held_on <= decided_on(d), (meeting, d.staff.code)

    # Every issued document has its own number.
    issued = db.session.scalars(select(OutgoingDocument)).all()
    assert len(issued) >= len(approved)
    keys = [(d.agency_id, d.issuer, d.year, d.doc_type, d.number) for d in issued]
    assert len(keys) == len(set(keys))
    assert {"TB", "QĐ", "BC"} <= {d.doc_type for d in issued}

    # The authority on each group's form.
    people = {d.staff.code: d.staff for d in approved}
    director = agency.head
    for staff in people.values():
        authority = authority_for(cycle, staff)
        form = annual_form_data(cycle, staff)
        assert form is not None and form.authority_name == authority.name
        if staff.id == director.id:
            assert authority.external and authority.post.startswith("CHỦ TỊCH")
        elif staff.id == centre.head_id:
            assert authority.name == director.full_name
        elif staff.group.value == "vien_chuc":
            assert authority.name == centre.head.full_name
            assert form.agency_name == centre.name
        else:
            assert authority.name == director.full_name
        assert form.self_level is not None  # the person's own entries are on the form
