"""The demo agency's catalogue of products (Decree 335 Art 13): about sixty products over the
departments, each with its complexity group, job position, unit of count and conversion to the
standard unit (one ordinary administrative document), approved by the Director from the first
day of the year. A data generator: used only by `flask demo`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from ..extensions import db
from ..models import Agency, CatalogueStatus, CatalogueVersion, Product, Unit, User

STANDARD_UNIT = "01 văn bản hành chính thông thường (công văn, báo cáo định kỳ)"

# unit code: (job position, [(code, group, name, unit of count, coefficient)])
PRODUCTS: dict[str, tuple[str, list[tuple[str, int, str, str, str]]]] = {  # fmt: skip
    "VP": (
        "Chuyên viên tổng hợp",
        [
            ("VP01", 1, "Công văn hành chính thông thường", "văn bản", "1"),
            ("VP02", 2, "Báo cáo định kỳ tháng, quý của Sở", "báo cáo", "3"),
            ("VP03", 3, "Báo cáo tổng kết năm của Sở", "báo cáo", "10"),
            ("VP04", 2, "Chương trình, kế hoạch công tác của Sở", "kế hoạch", "4"),
            ("VP05", 1, "Thông báo kết luận giao ban", "thông báo", "1.5"),
            ("VP06", 1, "Đăng ký, phát hành văn bản đi", "10 văn bản", "0.5"),
            ("VP07", 2, "Tổ chức hội nghị, cuộc họp của Sở", "cuộc họp", "3"),
            ("VP08", 2, "Dự toán, quyết toán kinh phí", "hồ sơ", "5"),
            ("VP09", 1, "Trả lời kiến nghị của cử tri", "văn bản", "2"),
        ],
    ),
    "TTRA": (
        "Thanh tra viên",
        [
            ("TT01", 3, "Cuộc thanh tra hành chính", "cuộc", "20"),
            ("TT02", 2, "Báo cáo kết quả xác minh nội dung khiếu nại", "báo cáo", "6"),
            ("TT03", 2, "Hồ sơ giải quyết tố cáo", "hồ sơ", "8"),
            ("TT04", 1, "Tiếp công dân, ghi sổ tiếp công dân", "buổi", "1"),
            ("TT05", 1, "Xử lý đơn thư", "đơn", "0.5"),
            ("TT06", 2, "Kiểm tra việc thực hiện kết luận thanh tra", "cuộc", "5"),
            ("TT07", 2, "Báo cáo công tác phòng, chống tham nhũng", "báo cáo", "3"),
            ("TT08", 3, "Kết luận thanh tra", "kết luận", "10"),
        ],
    ),
    "TCCB": (
        "Chuyên viên tổ chức bộ máy",
        [
            ("TC01", 3, "Đề án vị trí việc làm của cơ quan", "đề án", "20"),
            ("TC02", 3, "Thẩm định đề án thành lập, tổ chức lại đơn vị", "hồ sơ", "12"),
            ("TC03", 2, "Thẩm định điều lệ hội", "hồ sơ", "6"),
            ("TC04", 2, "Báo cáo thống kê biên chế", "báo cáo", "3"),
            ("TC05", 1, "Văn bản trả lời đơn vị về tổ chức bộ máy", "văn bản", "1.5"),
            ("TC06", 2, "Dự thảo quyết định giao biên chế", "quyết định", "4"),
            ("TC07", 4, "Dự thảo văn bản quy phạm pháp luật về tổ chức bộ máy", "văn bản", "25"),
        ],
    ),
    "CCVC": (
        "Chuyên viên quản lý công chức, viên chức",
        [
            ("CC01", 2, "Hồ sơ tuyển dụng, tiếp nhận công chức", "hồ sơ", "3"),
            ("CC02", 2, "Hồ sơ bổ nhiệm, bổ nhiệm lại", "hồ sơ", "4"),
            ("CC03", 1, "Quyết định nâng bậc lương thường xuyên", "quyết định", "1"),
            ("CC04", 2, "Kế hoạch đào tạo, bồi dưỡng", "kế hoạch", "5"),
            ("CC05", 3, "Kế hoạch tổ chức thi nâng ngạch", "kế hoạch", "12"),
            ("CC06", 2, "Tổng hợp kết quả đánh giá, xếp loại chất lượng", "báo cáo", "6"),
            ("CC07", 1, "Cập nhật cơ sở dữ liệu cán bộ, công chức", "10 hồ sơ", "1"),
            ("CC08", 3, "Thẩm định hồ sơ thi đua, khen thưởng", "hồ sơ", "2"),
            ("CC09", 4, "Đề án tinh giản biên chế", "đề án", "20"),
        ],
    ),
    "XDCQ": (
        "Chuyên viên xây dựng chính quyền",
        [
            ("XD01", 3, "Hồ sơ thành lập, sáp nhập thôn, tổ dân phố", "hồ sơ", "10"),
            ("XD02", 2, "Báo cáo công tác cải cách hành chính", "báo cáo", "5"),
            ("XD03", 2, "Kiểm tra cải cách hành chính tại cơ sở", "cuộc", "6"),
            ("XD04", 1, "Văn bản hướng dẫn nghiệp vụ cho cấp xã", "văn bản", "2"),
            ("XD05", 2, "Kế hoạch công tác thanh niên", "kế hoạch", "4"),
            ("XD06", 3, "Báo cáo kết quả bầu cử đại biểu", "báo cáo", "8"),
            ("XD07", 1, "Tổng hợp số liệu đại biểu Hội đồng nhân dân", "báo cáo", "1.5"),
            ("XD08", 2, "Thẩm định hồ sơ công nhận danh hiệu thôn văn hóa", "hồ sơ", "3"),
        ],
    ),
    "DU": (
        "Chuyên viên công tác đảng, đoàn thể",
        [
            ("DU01", 2, "Nghị quyết, báo cáo của Đảng ủy", "văn bản", "3"),
            ("DU02", 1, "Biên bản sinh hoạt chi bộ", "biên bản", "1"),
            ("DU03", 2, "Hồ sơ kết nạp đảng viên", "hồ sơ", "4"),
            ("DU04", 1, "Báo cáo công tác công đoàn, đoàn thanh niên", "báo cáo", "1.5"),
            ("DU05", 2, "Tổ chức đợt sinh hoạt chính trị", "đợt", "5"),
            ("DU06", 1, "Thu, nộp đảng phí", "tháng", "0.5"),
        ],
    ),
    "TTLT": (
        "Lưu trữ viên",
        [
            ("LT01", 2, "Chỉnh lý tài liệu lưu trữ", "mét giá", "4"),
            ("LT02", 1, "Lập mục lục hồ sơ", "100 hồ sơ", "2"),
            ("LT03", 2, "Số hóa tài liệu", "1.000 trang", "3"),
            ("LT04", 1, "Phục vụ độc giả khai thác tài liệu", "lượt", "0.3"),
            ("LT05", 3, "Tổ chức triển lãm tài liệu lưu trữ", "cuộc", "15"),
            ("LT06", 2, "Tu bổ, phục chế tài liệu", "100 tờ", "3"),
            ("LT07", 2, "Thu thập tài liệu vào lưu trữ lịch sử", "đợt", "6"),
            ("LT08", 1, "Vệ sinh kho, kiểm tra tình trạng tài liệu", "kho", "1"),
            ("LT09", 3, "Xây dựng bộ công cụ tra cứu", "bộ", "12"),
            ("LT10", 2, "Thẩm định tài liệu hết giá trị", "hồ sơ", "4"),
        ],
    ),
    "BGD": (
        "Lãnh đạo Sở",
        [
            ("LD01", 5, "Chỉ đạo xây dựng đề án, chương trình lớn của ngành", "đề án", "30"),
            ("LD02", 4, "Chủ trì hội nghị tổng kết, sơ kết", "hội nghị", "10"),
            ("LD03", 3, "Ký ban hành quyết định, kế hoạch của Sở", "10 văn bản", "5"),
        ],
    ),
}


def load_catalogue(agency: Agency, units: dict[str, Unit], director: User, year: int) -> int:
    """The approved catalogue in force from 1 January; returns the number of products."""
    version = CatalogueVersion(
        agency_id=agency.id,
        valid_from=date(year, 1, 1),
        status=CatalogueStatus.APPROVED,
        standard_unit=STANDARD_UNIT,
        approved_by_id=director.id,
        approved_at=datetime(year - 1, 12, 20, 2, 0, tzinfo=UTC),
    )
    for unit_code, (position, rows) in PRODUCTS.items():
        for code, group, name, unit_name, coefficient in rows:
            version.products.append(
                Product(
                    code=code,
                    group=group,
                    job_position=position,
                    name=name,
                    unit_name=unit_name,
                    coefficient=Decimal(coefficient),
                    proposed_by_unit_id=units[unit_code].id,
                )
            )
    db.session.add(version)
    db.session.flush()
    return len(version.products)
