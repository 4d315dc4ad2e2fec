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


def _too_many(_error):
    """A throttle's page says what happened and when to try again."""
    from datetime import UTC, datetime

    from flask_babel import format_time

    from ..extensions import limiter

    current = limiter.current_limit
    if request.endpoint != "auth.login" or current is None:
        return render_error(429)
    retry = format_time(datetime.fromtimestamp(current.reset_at, UTC), "HH:mm")
    return render_error(
        429,
        _(
            "Đã có quá nhiều lần đăng nhập sai từ địa chỉ mạng này, nên việc đăng nhập từ đây "
            "tạm dừng để bảo vệ các tài khoản. Hãy thử lại sau %(time)s.",
            time=retry,
        ),
    )


def _bad_request(_error):
    """A 400 from the input guard says what was wrong with the input."""
    from flask import g

    found = g.pop("input_problem", None)
    if found == "control":
        return render_error(
            400,
            _(
                "Dữ liệu gửi lên có ký tự không hợp lệ (ký tự điều khiển, ví dụ ký tự NUL). "
                "Hãy xóa ký tự đó rồi gửi lại; chưa có gì được lưu."
            ),
        )
    if found == "number":
        return render_error(
            400,
            _("Số bạn nhập quá lớn. Hãy kiểm tra lại; chưa có gì được lưu."),
        )
    return render_error(400)


def register(app: Flask) -> None:
    app.register_error_handler(429, _too_many)
    app.register_error_handler(400, _bad_request)
    for code in MESSAGES:
        if code not in (400, 429, 500):
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
