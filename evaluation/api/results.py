"""GET /api/v1/results: the decided levels of an agency's year (never peer reviews or reasons),
and the OpenAPI 3.1 document of the API."""

from __future__ import annotations

from flask import g, jsonify, request, url_for
from sqlalchemy import select

from ..extensions import db
from ..models import Cycle
from ..queries.disclosure import public_rows
from . import api_auth, bp, json_error
from .openapi import openapi_document


@bp.route("/results", methods=["GET"])
@api_auth
def results():
    year = request.args.get("year", type=int)
    if year is None or not 2000 <= year <= 2100:
        return json_error(
            422, [{"path": "year", "message": "Tham số year (năm, 2000–2100) là bắt buộc."}]
        )
    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == g.agency_id, Cycle.year == year)
    ).first()
    if cycle is None:
        return json_error(404, [{"path": "year", "message": f"Không có kỳ đánh giá năm {year}."}])
    rows = public_rows(cycle, None)
    return jsonify(
        {
            "year": year,
            "agency": cycle.agency.code,
            "count": len(rows),
            "results": [
                {
                    "code": r["code"],
                    "full_name": r["full_name"],
                    "title": r["title"],
                    "unit": r["unit_name"],
                    "level": r["level"],
                    "decided_on": r["decided_on"].isoformat() if r["decided_on"] else None,
                }
                for r in rows
            ],
        }
    )


@bp.route("/openapi.json", methods=["GET"])
def openapi():
    return jsonify(
        openapi_document(server=url_for("api.openapi", _external=True).rsplit("/", 1)[0])
    )
