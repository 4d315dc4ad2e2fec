"""POST /api/v1/tasks: the agency's document-management system assigns a task to a person with
its deadline (Decree 335 Art 26.1(d): the evaluation software is connected with the document and
task-assignment systems). The task becomes a work item on the person's periodic sheet for the
period of the day it was assigned. Once the agency has a catalogue of products in force on the
day assigned (issue 19, docs/products.md), the request names the product (`product_code`, and
`quantity`, default 1) and becomes a task assigned from the catalogue, which the person reports
and the manager confirms; the title is its expected output. Without a catalogue the task carries
its own title and standard units as before.

Only an agency token authenticates (a system, not a person); a repeated request with the same
``external_id`` changes nothing and answers with the task already recorded (idempotent); the same
id with other content is a conflict.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import current_app, g, jsonify, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import csrf, db
from ..models import AssignedTask, Cycle, PeriodSheet, SheetStatus, Staff, Task
from ..models.people import ApiToken
from ..services import ValidationError
from ..services import products as catalogue
from ..services import tasks as task_service
from ..services.audit import record
from . import bp, json_error, token_hash

FIELDS = ("external_id", "staff_code", "title", "units", "assigned_on", "due_on")


def _error(status: int, path: str, message: str):
    return json_error(status, [{"path": path, "message": message}])


def _period_of(cycle: Cycle, day: date) -> int:
    months_per_period = 12 // cycle.period_count
    return (day.month - 1) // months_per_period + 1


def _token() -> ApiToken | None:
    """The agency token of the request (a system calls this endpoint, never a browser)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == token_hash(header[7:].strip()), ApiToken.revoked.is_(False)
        )
    )


def _parse(body: object) -> tuple[dict, list[dict]]:
    errors: list[dict] = []
    if not isinstance(body, dict):
        return {}, [{"path": "", "message": "Nội dung phải là một đối tượng JSON."}]
    out: dict = {}
    for name in ("external_id", "staff_code", "title"):
        value = body.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > 500:
            errors.append({"path": name, "message": "Bắt buộc, là chuỗi không rỗng (≤ 500 ký tự)."})
        else:
            out[name] = value.strip()
    if "external_id" in out and len(out["external_id"]) > 128:
        errors.append({"path": "external_id", "message": "Tối đa 128 ký tự."})
    units = body.get("units", 1)
    try:
        if isinstance(units, bool) or not isinstance(units, (int, float, str)):
            raise InvalidOperation
        out["units"] = Decimal(str(units))
        if not (Decimal(0) < out["units"] <= Decimal(1000)) or not out["units"].is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(
            {"path": "units", "message": "Số sản phẩm quy đổi: số lớn hơn 0, tối đa 1000."}
        )
    for name in ("assigned_on", "due_on"):
        value = body.get(name)
        try:
            out[name] = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            out[name] = None
        if out[name] is None or not 2000 <= out[name].year <= 2100:
            errors.append({"path": name, "message": "Ngày theo dạng YYYY-MM-DD (năm 2000–2100)."})
    if not errors and out["due_on"] < out["assigned_on"]:
        errors.append({"path": "due_on", "message": "Hạn hoàn thành không được trước ngày giao."})
    code = body.get("product_code")
    if code is not None and (not isinstance(code, str) or not code.strip() or len(code) > 32):
        errors.append({"path": "product_code", "message": "Chuỗi không rỗng, tối đa 32 ký tự."})
    else:
        out["product_code"] = code.strip() if code else None
    quantity = body.get("quantity", 1)
    try:
        if isinstance(quantity, bool) or not isinstance(quantity, (int, float, str)):
            raise InvalidOperation
        out["quantity"] = Decimal(str(quantity))
        if not (Decimal(0) < out["quantity"] <= Decimal(10000)) or not out["quantity"].is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append({"path": "quantity", "message": "Số lượng: số lớn hơn 0, tối đa 10000."})
    ref = body.get("document_ref", "")
    if not isinstance(ref, str) or len(ref) > 200:
        errors.append({"path": "document_ref", "message": "Chuỗi tối đa 200 ký tự."})
    else:
        out["document_ref"] = ref.strip()
    return out, errors


def _answer(task: AssignedTask, status: int):
    sheet = db.session.get(PeriodSheet, task.sheet_id)
    extra = {}
    if "task_id" in task.payload:  # assigned from the catalogue: its units are converted
        assigned = db.session.get(Task, task.payload["task_id"])
        extra = {
            "task_id": assigned.id,
            "product_code": assigned.product.code,
            "quantity": task.payload["quantity"],
            "units": str(assigned.units),
        }
    return (
        jsonify(
            {
                "id": task.id,
                "external_id": task.external_id,
                "staff_code": task.staff.code,
                "year": sheet.cycle.year,
                "period": sheet.period,
                "title": task.payload["title"],
                "units": task.payload["units"],
                "assigned_on": task.payload["assigned_on"],
                "due_on": task.payload["due_on"],
                "document_ref": task.payload.get("document_ref", ""),
            }
            | extra
        ),
        status,
    )


@bp.route("/tasks", methods=["POST"])
@csrf.exempt
def assign_task():
    token = _token()
    if token is None:
        if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()  # a browser's forged POST is refused as such (400) before the 401
        return _error(401, "", "Cần mã truy cập (token) của cơ quan.")
    agency_id = g.agency_id = token.agency_id
    data, errors = _parse(request.get_json(silent=True))
    if errors:
        return json_error(422, errors)
    payload = {
        "title": data["title"],
        "units": str(data["units"]),
        "assigned_on": data["assigned_on"].isoformat(),
        "due_on": data["due_on"].isoformat(),
        "document_ref": data["document_ref"],
    }
    if data["product_code"]:
        payload |= {"product_code": data["product_code"], "quantity": str(data["quantity"])}
    existing = db.session.scalar(
        select(AssignedTask).where(
            AssignedTask.agency_id == agency_id, AssignedTask.external_id == data["external_id"]
        )
    )
    if existing is not None:
        asked = {k: v for k, v in existing.payload.items() if k != "task_id"}
        if asked != payload or existing.staff.code != data["staff_code"]:
            return json_error(
                409,
                [
                    {
                        "path": "external_id",
                        "message": "Mã công việc này đã được giao với nội dung khác.",
                    }
                ],
            )
        return _answer(existing, 200)
    staff = db.session.scalar(
        select(Staff).where(Staff.agency_id == agency_id, Staff.code == data["staff_code"])
    )
    if staff is None:
        return json_error(
            404, [{"path": "staff_code", "message": "Không có người này trong cơ quan."}]
        )
    cycle = db.session.scalar(
        select(Cycle).where(Cycle.agency_id == agency_id, Cycle.year == data["assigned_on"].year)
    )
    if cycle is None:
        return json_error(
            404, [{"path": "assigned_on", "message": "Cơ quan chưa có kỳ đánh giá của năm này."}]
        )
    from ..services.assessments import find_sheet, new_sheet

    period = _period_of(cycle, data["assigned_on"])
    sheet = find_sheet(cycle, staff, period)
    try:
        if sheet is None:
            sheet = new_sheet(cycle, staff, period)
            db.session.add(sheet)
    except ValidationError:
        return json_error(
            409, [{"path": "staff_code", "message": "Người này không theo dõi, đánh giá theo kỳ."}]
        )
    in_force = catalogue.version_in_force(agency_id, data["assigned_on"])
    if data["product_code"] or in_force is not None:
        found = _from_catalogue(in_force, staff, data, payload)
        if not isinstance(found, dict):
            db.session.rollback()  # nothing stays: not the new sheet either
            return found
        payload = found
    elif sheet.status != SheetStatus.DRAFT:
        return json_error(
            409,
            [{"path": "assigned_on", "message": "Phiếu của kỳ này đã được gửi, không thêm được."}],
        )
    else:
        _add_item(sheet, payload)
    db.session.flush()
    return _record(token, agency_id, staff, sheet, data, payload)


def _add_item(sheet: PeriodSheet, payload: dict) -> None:
    item = {
        "title": payload["title"],
        "units": payload["units"],
        "assigned_on": payload["assigned_on"],
        "due_on": payload["due_on"],
        "completed_on": None,
        "quality_ok": False,
        "major_error": False,
        "objective_cause": False,
    }
    sheet.items = [*(sheet.items or []), item]


def _from_catalogue(in_force, staff: Staff, data: dict, payload: dict):
    """A task assigned from the catalogue in force (the payload with its id), or the answer
    refusing it."""
    if not data["product_code"]:
        return _error(
            422,
            "product_code",
            "Cơ quan giao việc theo danh mục sản phẩm: cần mã sản phẩm (product_code).",
        )
    wanted = data["product_code"].casefold()
    product = next(
        (p for p in (in_force.products if in_force else ()) if p.code.casefold() == wanted), None
    )
    if product is None:
        return _error(
            422, "product_code", "Không có sản phẩm mã này trong danh mục áp dụng ngày giao."
        )
    try:
        task = task_service.assign(
            staff,
            product,
            {
                "quantity": data["quantity"],
                "expected_output": data["title"],
                "assigned_on": data["assigned_on"],
                "due_on": data["due_on"],
            },
            by=None,
        )
    except ValidationError as error:
        return json_error(422, [{"path": f or "", "message": m} for f, m in error.errors])
    return payload | {"task_id": task.id}


def _record(token: ApiToken, agency_id: int, staff: Staff, sheet: PeriodSheet, data, payload):
    task = AssignedTask(
        agency_id=agency_id,
        external_id=data["external_id"],
        staff_id=staff.id,
        sheet_id=sheet.id,
        payload=payload,
        created_by=token.name,
    )
    db.session.add(task)
    try:
        db.session.flush()
    except IntegrityError:  # the same request, concurrently: answer with the one recorded
        db.session.rollback()
        same = db.session.scalar(
            select(AssignedTask).where(
                AssignedTask.agency_id == agency_id,
                AssignedTask.external_id == data["external_id"],
            )
        )
        if same is None:
            raise
        return _answer(same, 200)
    record(
        "create",
        "assigned_task",
        task.id,
        agency_id=agency_id,
        after=payload
        | {"external_id": task.external_id, "staff_id": staff.id, "sheet_id": sheet.id},
    )
    db.session.commit()
    return _answer(task, 201)
