"""The OpenAPI 3.1 description of /api/v1, written by hand (small and stable)."""

from __future__ import annotations

LEVEL = {"type": "string", "enum": ["HTXS", "HTT", "HTNV", "KHTNV"]}
ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "message"],
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        }
    },
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def _engine_post(summary: str, description: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "description": description,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"type": "object", "additionalProperties": True}}
                },
            },
            "responses": {
                "200": {
                    "description": "Kết quả của bộ máy xếp loại (xem docs/rules/scoring-api.md).",
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "additionalProperties": True}
                        }
                    },
                },
                "401": _error("Thiếu hoặc sai mã truy cập."),
                "403": _error("Không có quyền."),
                "422": _error("Dữ liệu đầu vào không hợp lệ; mỗi lỗi có đường dẫn (path)."),
            },
        }
    }


def openapi_document(server: str = "/api/v1") -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Xếp loại API",
            "version": "1.0.0",
            "description": (
                "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức. Xác thực bằng mã "
                "truy cập của cơ quan (Authorization: Bearer …), tạo bằng `flask token create`."
            ),
        },
        "servers": [{"url": server}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/classify": _engine_post(
                "Xếp loại cá nhân", "Áp dụng quy định theo nhóm, năm và chỉ tiêu cho một lô người."
            ),
            "/classify-units": _engine_post(
                "Xếp loại tập thể", "Xếp loại các đơn vị và áp dụng chỉ tiêu của đơn vị."
            ),
            "/results": {
                "get": {
                    "summary": "Kết quả xếp loại đã phê duyệt của cơ quan trong một năm",
                    "description": (
                        "Chỉ họ tên, chức vụ, đơn vị, mức xếp loại và ngày quyết định; không có "
                        "góp ý đồng nghiệp hay lý do."
                    ),
                    "parameters": [
                        {
                            "name": "year",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 2000, "maximum": 2100},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "Danh sách kết quả.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Results"}
                                }
                            },
                        },
                        "401": _error("Thiếu hoặc sai mã truy cập."),
                        "403": _error("Không có quyền."),
                        "404": _error("Cơ quan không có kỳ đánh giá năm này."),
                        "422": _error("Tham số không hợp lệ."),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Errors": ERRORS,
                "Result": {
                    "type": "object",
                    "required": ["code", "full_name", "title", "unit", "level", "decided_on"],
                    "properties": {
                        "code": {"type": "string"},
                        "full_name": {"type": "string"},
                        "title": {"type": "string"},
                        "unit": {"type": "string"},
                        "level": LEVEL,
                        "decided_on": {"type": ["string", "null"], "format": "date"},
                    },
                    "additionalProperties": False,
                },
                "Results": {
                    "type": "object",
                    "required": ["year", "agency", "count", "results"],
                    "properties": {
                        "year": {"type": "integer"},
                        "agency": {"type": "string"},
                        "count": {"type": "integer", "minimum": 0},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Result"},
                        },
                    },
                },
            },
        },
    }
