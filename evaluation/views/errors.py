from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from ..extensions import db

MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    403: _l("Bạn không có quyền truy cập trang này."),
    404: _l("Không tìm thấy trang hoặc dữ liệu bạn yêu cầu."),
    405: _l("Phương thức không được hỗ trợ."),
    413: _l("Tệp tải lên quá lớn."),
    429: _l("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại."),
    500: _l("Hệ thống gặp lỗi. Dữ liệu của bạn chưa bị thay đổi; vui lòng thử lại."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(code: int, message: str | None = None):
    text = message or str(MESSAGES.get(code, MESSAGES[400]))
    if _wants_json():
        return jsonify({"errors": [{"path": "", "message": text}]}), code
    return render_template("errors/error.html", code=code, message=text), code


def register(app: Flask) -> None:
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(500)
    def server_error(_error):
        # A crash half-way through a save must not leave its flushed rows to a later commit:
        # the previous version stays, and so does the audit chain.
        db.session.rollback()
        return render_error(500)

    @app.teardown_request
    def rollback_on_crash(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _(
                "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                "Vui lòng tải lại trang và thử lại."
            ),
        )
