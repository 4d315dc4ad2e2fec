"""The main menu and the home page's reminder cards, declared here and only here
(as GOV.UK Notify's admin declares its navigation in app/navigation.py): views do not add
entries when they are imported. NAV is in display order; each entry says who sees it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_login import current_user

from . import permissions as perm
from .permissions import oversight as oversight_perm
from .permissions import products as products_perm
from .permissions import reviews as reviews_perm


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: object
    allowed: Callable[[object], bool]


def _everyone(user) -> bool:
    return True


def _hr_or_head(user) -> bool:
    return perm.is_hr(user) or perm.is_head(user)


def _has_staff_record(user) -> bool:
    return user.staff_id is not None


def _in_party_round(user) -> bool:
    """HR, the party committee and party members (cell secretaries are members)."""
    if perm.is_hr(user) or perm.is_party_committee(user):
        return True
    from .services.party import membership_of  # late: services import the models

    return membership_of(user.staff_id) is not None


NAV: tuple[NavEntry, ...] = (
    NavEntry("dashboard.index", _l("Bảng theo dõi"), oversight_perm.can_view_dashboard),
    NavEntry("dashboard.province", _l("Tổ chức trong tỉnh"), oversight_perm.can_view_province),
    NavEntry("cycles.index", _l("Kỳ đánh giá"), _everyone),
    NavEntry("assessments.index", _l("Tự đánh giá"), _everyone),
    NavEntry("products.my_tasks", _l("Nhiệm vụ của tôi"), _has_staff_record),
    NavEntry("products.assign", _l("Giao nhiệm vụ"), products_perm.can_assign),
    NavEntry("reviews.index", _l("Góp ý đồng nghiệp"), _has_staff_record),
    NavEntry("periodic.index", _l("Kết quả quý, 6 tháng"), _has_staff_record),
    NavEntry("assessments.missing", _l("Theo dõi nộp phiếu"), perm.is_hr),
    NavEntry("notifications.reminders_page", _l("Nhắc việc"), perm.is_hr),
    NavEntry("ranking.index", _l("Xếp loại"), _hr_or_head),
    NavEntry("meetings.index", _l("Cuộc họp đánh giá"), reviews_perm.can_list_meetings),
    NavEntry("disclosure.index", _l("Công khai kết quả"), _everyone),
    NavEntry("signatures.index", _l("Ký số"), _has_staff_record),
    NavEntry("party.index", _l("Kiểm điểm đảng viên"), _in_party_round),
    NavEntry(
        "staff.index",
        lazy_pgettext("menu", "Cán bộ"),  # the staff list; the group "Cán bộ" is "Cadre"
        _hr_or_head,
    ),
    NavEntry("org.tree", _l("Đơn vị"), perm.can_manage_org),
    NavEntry("imports.index", _l("Nhập dữ liệu"), perm.is_hr),
    NavEntry("products.catalogue_index", _l("Danh mục sản phẩm"), _hr_or_head),
    NavEntry("assessments.history", _l("Kết quả các năm trước"), perm.is_hr),
    NavEntry("accounts.index", _l("Tài khoản"), perm.is_hr),
    NavEntry("audit.index", _l("Nhật ký"), oversight_perm.can_view_audit),
)


def nav_items() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    return [{"url": url_for(e.endpoint), "label": e.label} for e in NAV if e.allowed(current_user)]


def home_card_providers() -> tuple[Callable, ...]:
    """The areas that put reminder cards on the home page, in the order they appear.
    Each provider takes (user, cycle) and returns a list of cards."""
    from .views.assessments import home_cards as assessment_cards
    from .views.disclosure import home_cards as disclosure_cards
    from .views.ranking import ranking_cards
    from .views.reviews import review_cards

    return (assessment_cards, disclosure_cards, ranking_cards, review_cards)
