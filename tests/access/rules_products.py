"""Issue 19: the catalogue of products and the tasks assigned from it. truongphong heads `dept`
(the clerk's unit): they assign and confirm there; nobody in the world heads every top unit, so
nobody may approve a catalogue."""

from datetime import date
from decimal import Decimal

from evaluation.extensions import db
from evaluation.models import CatalogueStatus, CatalogueVersion, Product, Task, TaskKind, TaskStatus
from tests.security.payload_cases import Case
from tests.security.scope_targets import Target

from . import EVERYONE, HR, Rule

HEAD = frozenset({"unit_head"})
# A one-page PDF readers open (the anonymity crawl reads every PDF it downloads).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
WITH_STAFF_RECORD = frozenset({"staff", "unit_head", "hr", "party_committee"})


def catalogue_of(agency_id: int) -> CatalogueVersion:
    found = db.session.query(CatalogueVersion).filter_by(agency_id=agency_id).first()
    if found is not None:
        return found
    version = CatalogueVersion(
        agency_id=agency_id,
        valid_from=date(2026, 1, 1),
        status=CatalogueStatus.PROPOSED,
        standard_unit="01 văn bản hành chính",
    )
    version.products.append(
        Product(
            code="VB01",
            group=1,
            job_position="Chuyên viên",
            name="Báo cáo tổng hợp quý",
            unit_name="báo cáo",
            coefficient=Decimal(2),
        )
    )
    db.session.add(version)
    db.session.flush()
    return version


def task_of(staff, status: TaskStatus = TaskStatus.REPORTED) -> Task:
    product = catalogue_of(staff.agency_id).products[0]
    task = Task(
        agency_id=staff.agency_id,
        staff_id=staff.id,
        product_id=product.id,
        kind=TaskKind.ASSIGNED,
        status=status,
        quantity=Decimal(1),
        coefficient=product.coefficient,
        expected_output="Báo cáo trình lãnh đạo",
        assigned_on=date(2026, 11, 2),
        due_on=date(2026, 11, 30),
        reported_on=date(2026, 11, 10) if status == TaskStatus.REPORTED else None,
        output_filename="bao-cao.pdf" if status == TaskStatus.REPORTED else "",
        output_file=TINY_PDF if status == TaskStatus.REPORTED else None,
    )
    db.session.add(task)
    db.session.flush()
    return task


def _version(w) -> dict:
    return {"version_id": catalogue_of(w.agency.id).id}


def _reported(w) -> dict:
    return {"task_id": task_of(w.staff["clerk"]).id}


def _assigned(w) -> dict:
    return {"task_id": task_of(w.staff["clerk"], TaskStatus.ASSIGNED).id}


def _handed_back(w) -> dict:
    return {"task_id": task_of(w.staff["clerk"], TaskStatus.HANDED_BACK).id}


RULES = {
    "products.catalogue_index": Rule(EVERYONE),
    "products.new_version": Rule(HR),
    "products.import_catalogue": Rule(HR, args=_version),
    "products.export_catalogue": Rule(EVERYONE, args=_version),
    "products.propose": Rule(HEAD, args=_version),
    "products.approve": Rule(frozenset(), args=_version),
    "products.assign": Rule(HEAD),
    "products.confirm": Rule(HEAD, args=_reported),
    "products.send_back": Rule(HEAD, args=_reported),
    "products.take_over": Rule(HEAD, args=_handed_back),
    "products.my_tasks": Rule(WITH_STAFF_RECORD),
    "products.report": Rule(frozenset({"staff"}), args=_assigned),
    "products.hand_back": Rule(frozenset({"staff"}), args=_assigned),
    "products.output": Rule(HR | {"staff", "unit_head"}, args=_reported),
}

SCOPE_TARGETS = {
    "version_id": Target(
        other_agency=lambda w: catalogue_of(w.other_agency.id),
        secrets=lambda v: [],
    ),
    "task_id": Target(
        other_agency=lambda w: task_of(w.other["staff"]),
        other_unit=lambda w: task_of(w.staff["outsider"]),
        secrets=lambda t: [t.staff.full_name],
    ),
}


# --- hostile text through the forms (tests/security/test_payloads.py) -------------------------


def _approved_catalogue(w) -> None:
    version = catalogue_of(w.agency.id)
    version.status = CatalogueStatus.APPROVED
    db.session.commit()


def _proposal(w, n: int) -> dict:
    return {
        "code": f"P{n:03d}",
        "group": "2",
        "job_position": "Chuyên viên",
        "name": "Tờ trình",
        "unit_name": "văn bản",
        "coefficient": "1,5",
    }


def _new_version(w, n: int) -> dict:
    """Each submission needs no other proposal pending: the one before is approved first."""
    for version in db.session.query(CatalogueVersion).filter_by(agency_id=w.agency.id):
        version.status = CatalogueStatus.APPROVED
    db.session.commit()
    return {"valid_from": f"{16 + n:02d}/11/2026" if n < 15 else f"{n - 14:02d}/12/2026",
            "standard_unit": "01 văn bản"}  # fmt: skip


def _assignment(w, n: int) -> dict:
    return {
        "staff_id": str(w.staff["clerk"].id),
        "product_id": str(catalogue_of(w.agency.id).products[0].id),
        "kind": "assigned",
        "quantity": "1",
        "due_on": "30/11/2026",
        "expected_output": "Báo cáo",
    }


def _report(w, n: int) -> dict:
    w.other["task"] = task_of(w.staff["clerk"], TaskStatus.ASSIGNED)
    db.session.commit()
    return {"output_link": "https://vanban.example.gov.vn/1", "note": "Đã xong"}


PAYLOAD_CASES = [
    Case(
        "forms.product.ProposeForm",
        ("code", "job_position", "name", "unit_name"),
        "truongphong",
        lambda w: f"/catalogue/{catalogue_of(w.agency.id).id}/propose",
        _proposal,
        lambda w, d: ["/catalogue"],
        setup=lambda w: (catalogue_of(w.agency.id), db.session.commit()),
    ),
    Case(
        "forms.product.VersionForm",
        ("standard_unit",),
        "tccb",
        lambda w: "/catalogue/new",
        _new_version,
        lambda w, d: ["/catalogue"],
    ),
    Case(
        "forms.product.AssignForm",
        ("expected_output",),
        "truongphong",
        lambda w: "/tasks/assign",
        _assignment,
        lambda w, d: ["/tasks/assign"],
        setup=_approved_catalogue,
    ),
    Case(
        "forms.product.ReportForm",
        ("note",),
        "congchuc",
        lambda w: f"/tasks/{w.other['task'].id}/report",
        _report,
        lambda w, d: ["/tasks"],
    ),
]

NOT_FREE_TEXT = {
    ("forms.product.AssignForm", "quantity"): "parsed as a number by the service (anything "
    "else refused), shown back only as a number",
    ("forms.product.ProposeForm", "coefficient"): "parsed as a number by the service (anything "
    "else refused), shown back only as a number",
    ("forms.product.ConfirmForm", "confirmed_quantity"): "parsed as a number by the service "
    "(anything else refused), shown back only as a number",
    ("forms.product.ConfirmForm", "failed_reviews"): "parsed as a whole number by the service "
    "(anything else refused), shown back only as a number",
    ("forms.product.ConfirmForm", "delays"): "parsed as a whole number by the service "
    "(anything else refused), shown back only as a number",
    ("forms.product.ReportForm", "output_link"): "only an http(s) URL with a host is kept "
    "(anything else refused: tests/test_tasks.py), shown escaped as a link",
}
