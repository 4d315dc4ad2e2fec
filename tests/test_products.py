"""The catalogue of products (Decree 335 Art 13; docs/products.md): proposed by units,
consolidated by HR from Excel (all or nothing), approved by the head of the agency, versioned."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from evaluation.extensions import db
from evaluation.models import AuditLog, CatalogueStatus, RoleName
from evaluation.permissions.products import is_agency_head
from evaluation.services import ValidationError, products
from exports.catalogue import CATALOGUE_COLUMNS, CATALOGUE_SHEET
from tests import factories

ROWS = [
    ("VB01", 1, "Chuyên viên tổng hợp", "Văn bản hành chính thông thường", "văn bản", 1, "CCVC"),
    ("VB02", 3, "Chuyên viên tổng hợp", "Đề án, báo cáo chuyên đề", "đề án", 8.5, "CCVC"),
    ("HS01", 2, "Chuyên viên thanh tra", "Hồ sơ giải quyết khiếu nại", "hồ sơ", 4, "TTRA"),
]


def workbook(rows, columns=CATALOGUE_COLUMNS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = CATALOGUE_SHEET
    ws.append(list(columns))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def director(world):
    """The head of the agency: heads every top unit."""
    top = [u for u in world.units.values() if u.parent_id is None]
    person = factories.make_staff(world.agency, world.units["root"], position="unit_head")
    return factories.make_user(
        world.agency, "giamdoc", [(RoleName.UNIT_HEAD, u.id) for u in top], person
    )


@pytest.fixture
def version(world):
    v = products.start_version(world.agency, date(2026, 12, 1), "01 văn bản hành chính")
    assert products.import_catalogue(v, workbook(ROWS)) == []
    db.session.commit()
    return v


@pytest.mark.day("2026-11-20")
def test_import_replaces_the_proposed_products(version):
    assert [(p.code, p.group, p.coefficient) for p in version.products] == [
        ("HS01", 2, Decimal("4.00")),
        ("VB01", 1, Decimal("1.00")),
        ("VB02", 3, Decimal("8.50")),
    ]
    hs = next(p for p in version.products if p.code == "HS01")
    assert hs.proposed_by_unit.code == "TTRA"


@pytest.mark.day("2026-11-20")
def test_an_import_with_errors_changes_nothing_and_lists_every_problem(version):
    before = [(p.code, p.coefficient) for p in version.products]
    audit_rows = db.session.query(AuditLog).count()
    bad = [
        ("VB01", 6, "Chuyên viên", "Văn bản", "văn bản", 1, None),  # group out of 1-5
        ("VB03", 1, "Chuyên viên", "Công văn", "văn bản", -2, None),  # coefficient ≤ 0
        ("VB01", 1, "Chuyên viên", "Trùng mã", "văn bản", 1, None),  # duplicate code
        ("VB04", 1, None, "Thiếu vị trí", "văn bản", 1.234, "KHONGCO"),  # 3 problems
    ]
    problems = products.import_catalogue(version, workbook(bad))
    found = {(p["row"], p["column"]) for p in problems}
    assert found == {
        (2, "Nhóm"),
        (3, "Hệ số quy đổi"),
        (4, "Mã sản phẩm"),
        (5, "Vị trí việc làm"),
        (5, "Hệ số quy đổi"),
    }
    db.session.commit()
    db.session.expire_all()
    assert [(p.code, p.coefficient) for p in version.products] == before
    assert db.session.query(AuditLog).count() == audit_rows
    # An unknown unit is checked against the database once the file itself is clean.
    problems = products.import_catalogue(
        version, workbook([("VB09", 1, "Chuyên viên", "Tờ trình", "văn bản", 1, "KHONGCO")])
    )
    assert [(p["row"], p["column"]) for p in problems] == [(2, "Mã đơn vị đề xuất")]
    assert len(version.products) == 3


@pytest.mark.day("2026-11-20")
def test_a_file_that_is_not_a_workbook_or_misses_columns_is_refused(version):
    assert "Excel" in products.import_catalogue(version, b"%PDF-1.4 not a workbook")[0]["message"]
    problems = products.import_catalogue(version, workbook(ROWS, CATALOGUE_COLUMNS[:-1]))
    assert problems[0]["column"] == "Mã đơn vị đề xuất"
    assert len(version.products) == 3


@pytest.mark.day("2026-11-20")
def test_export_imports_back_unchanged_and_keeps_formulas_as_text(version):
    version.products[0].name = '=HYPERLINK("http://x","bấm")'
    db.session.flush()
    content = products.export_catalogue(version)
    ws = openpyxl.load_workbook(io.BytesIO(content))[CATALOGUE_SHEET]
    cell = ws.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.quotePrefix
    before = [
        (p.code, p.group, p.name, p.coefficient, p.proposed_by_unit_id) for p in version.products
    ]
    assert products.import_catalogue(version, content) == []
    after = [
        (p.code, p.group, p.name, p.coefficient, p.proposed_by_unit_id) for p in version.products
    ]
    assert after == before


@pytest.mark.day("2026-11-20")
def test_units_propose_and_the_head_of_the_agency_approves(world, version):
    dept = world.units["dept"]
    data = {
        "code": "VB05",
        "group": "2",
        "job_position": "Chuyên viên tổng hợp",
        "name": "Kế hoạch công tác",
        "unit_name": "kế hoạch",
        "coefficient": "2,5",
    }
    product = products.propose_product(version, dept, data)
    assert product.coefficient == Decimal("2.50") and product.proposed_by_unit_id == dept.id
    with pytest.raises(ValidationError) as taken:
        products.propose_product(version, world.units["other_dept"], data)
    assert taken.value.errors[0][0] == "code"
    with pytest.raises(ValidationError) as bad:
        products.propose_product(version, dept, data | {"group": "7", "coefficient": "0"})
    assert {f for f, _m in bad.value.errors} == {"group", "coefficient"}

    head = director(world)
    assert is_agency_head(head)
    assert not is_agency_head(world.users["unit_head"])
    products.approve(version, head)
    assert version.status == CatalogueStatus.APPROVED and version.approved_by_id == head.id
    with pytest.raises(ValidationError):
        products.import_catalogue(version, workbook(ROWS))
    with pytest.raises(ValidationError):
        products.propose_product(version, dept, data)


@pytest.mark.day("2026-11-20")
def test_the_version_in_force_is_chosen_by_date(world, version):
    head = director(world)
    products.approve(version, head)
    assert products.version_in_force(world.agency.id, date(2026, 11, 30)) is None
    assert products.version_in_force(world.agency.id, date(2026, 12, 1)) == version
    with pytest.raises(ValidationError) as early:
        products.start_version(world.agency, date(2026, 12, 1), "văn bản")
    assert early.value.errors[0][0] == "valid_from"
    newer = products.start_version(world.agency, date(2027, 1, 1), "văn bản")
    assert [p.code for p in newer.products] == ["HS01", "VB01", "VB02"]  # a copy to change
    newer.products[0].coefficient = Decimal(6)
    products.approve(newer, head)
    assert products.version_in_force(world.agency.id, date(2026, 12, 31)) == version
    assert products.version_in_force(world.agency.id, date(2027, 3, 1)) == newer
    assert version.products[0].coefficient == Decimal(4)  # the older version is untouched
