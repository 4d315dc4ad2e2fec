"""The main menu. Feature modules append (endpoint, label, predicate) entries to NAV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_login import current_user

from . import permissions as perm
from . import permissions_reviews as perm_reviews


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: object
    allowed: Callable[[object], bool]
    order: int = 50


NAV: list[NavEntry] = [
    NavEntry("cycles.index", _l("Kỳ đánh giá"), lambda u: True, 10),
    NavEntry(
        "staff.index",
        lazy_pgettext("menu", "Cán bộ"),  # the staff list; the group "Cán bộ" is "Cadre"
        lambda u: perm.is_hr(u) or perm.is_head(u),
        80,
    ),
    NavEntry("ranking.index", _l("Xếp loại"), lambda u: perm.is_hr(u) or perm.is_head(u), 40),
    NavEntry("org.tree", _l("Đơn vị"), perm.can_manage_org, 85),
    NavEntry("reviews.index", _l("Góp ý đồng nghiệp"), lambda u: u.staff_id is not None, 30),
    NavEntry("dashboard.index", _l("Bảng theo dõi"), perm_reviews.can_view_dashboard, 5),
    NavEntry("audit.index", _l("Nhật ký"), perm_reviews.can_view_audit, 95),
    NavEntry("meetings.index", _l("Cuộc họp đánh giá"), perm_reviews.can_list_meetings, 40),
    NavEntry("disclosure.index", _l("Công khai kết quả"), lambda u: True, 60),
    NavEntry("imports.index", _l("Nhập dữ liệu"), perm.is_hr, 90),
    NavEntry("accounts.index", _l("Tài khoản"), perm.is_hr, 92),
]


def nav_items() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    return [
        {"url": url_for(e.endpoint), "label": e.label}
        for e in sorted(NAV, key=lambda e: e.order)
        if e.allowed(current_user)
    ]
