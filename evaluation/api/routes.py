"""API routes. The engine does the work; these only parse, authorise and answer."""

from __future__ import annotations

from flask import jsonify, request

from ..extensions import csrf
from . import api_auth, bp, json_error


def _json_body():
    body = request.get_json(silent=True)
    if body is None:
        return None, json_error(
            422,
            [
                {
                    "path": "",
                    "message": "Nội dung phải là JSON hợp lệ (Content-Type: application/json).",
                }
            ],
        )
    return body, None


@bp.route("/classify", methods=["POST"])
@csrf.exempt
@api_auth
def classify():
    body, error = _json_body()
    if error:
        return error
    import scoring

    try:
        return jsonify(scoring.classify(body))
    except scoring.BatchError as bad:
        return json_error(422, bad.errors)


@bp.route("/classify-units", methods=["POST"])
@csrf.exempt
@api_auth
def classify_units():
    body, error = _json_body()
    if error:
        return error
    import scoring

    try:
        return jsonify(scoring.classify_units(body))
    except scoring.BatchError as bad:
        return json_error(422, bad.errors)
