"""The OpenAPI 3.1 description of /api/v1, written by hand (small and stable)."""

from __future__ import annotations

from scoring.vocabulary import LEVELS

LEVEL = {"type": "string", "enum": list(LEVELS)}
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


_DATE = {"type": "string", "format": "date"}
TASK_IN = {
    "type": "object",
    "required": ["external_id", "staff_code", "title", "assigned_on", "due_on"],
    "properties": {
        "external_id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "Mã của việc trong hệ thống quản lý văn bản; gửi lại cùng mã không "
            "tạo việc mới.",
        },
        "staff_code": {"type": "string", "minLength": 1, "maxLength": 32},
        "title": {"type": "string", "minLength": 1, "maxLength": 500},
        "units": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1000,
            "default": 1,
            "description": "Số sản phẩm quy đổi.",
        },
        "assigned_on": _DATE,
        "due_on": _DATE,
        "document_ref": {
            "type": "string",
            "maxLength": 200,
            "description": "Số, ký hiệu văn bản giao việc.",
        },
        "product_code": {
            "type": "string",
            "minLength": 1,
            "maxLength": 32,
            "description": "Mã sản phẩm trong danh mục sản phẩm/công việc đang áp dụng ngày giao "
            "(bắt buộc khi cơ quan đã có danh mục; Nghị định 335, Điều 13, 18). Khi có, việc "
            "thành nhiệm vụ giao theo danh mục: số quy đổi = số lượng × hệ số, không dùng units; "
            "title là kết quả đầu ra cần đạt.",
        },
        "quantity": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 10000,
            "default": 1,
            "description": "Số lượng sản phẩm (khi có product_code).",
        },
    },
    "additionalProperties": False,
}
TASK = {
    "type": "object",
    "required": [
        "id",
        "external_id",
        "staff_code",
        "year",
        "period",
        "title",
        "units",
        "assigned_on",
        "due_on",
        "document_ref",
    ],
    "properties": {
        "id": {"type": "integer"},
        "external_id": {"type": "string"},
        "staff_code": {"type": "string"},
        "year": {"type": "integer"},
        "period": {"type": "integer", "description": "Kỳ (tháng hoặc quý) của phiếu theo dõi."},
        "title": {"type": "string"},
        "units": {"type": "string"},
        "assigned_on": _DATE,
        "due_on": _DATE,
        "document_ref": {"type": "string"},
        "task_id": {"type": "integer", "description": "Nhiệm vụ giao theo danh mục."},
        "product_code": {"type": "string"},
        "quantity": {"type": "string"},
    },
}
TASKS_PATH = {
    "post": {
        "summary": "Giao việc từ hệ thống quản lý văn bản (Nghị định 335, Điều 26.1(d))",
        "description": (
            "Việc được thêm vào phiếu theo dõi của người được giao, kỳ của ngày giao, với hạn "
            "hoàn thành. Chỉ mã truy cập của cơ quan; gửi lại cùng external_id với cùng nội dung "
            "trả lời việc đã ghi (200), khác nội dung: 409."
        ),
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskIn"}}},
        },
        "responses": {
            "201": {
                "description": "Đã giao việc.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}},
            },
            "200": {
                "description": "Việc này đã được giao trước đó (yêu cầu lặp lại).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Task"}}},
            },
            "401": _error("Thiếu hoặc sai mã truy cập."),
            "404": _error("Không có người này, hoặc chưa có kỳ đánh giá của năm."),
            "409": _error("Trùng mã với nội dung khác, hoặc phiếu của kỳ đã được gửi."),
            "422": _error("Dữ liệu không hợp lệ."),
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
            "/tasks": TASKS_PATH,
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
                "TaskIn": TASK_IN,
                "Task": TASK,
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
