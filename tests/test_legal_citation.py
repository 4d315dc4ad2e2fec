"""Documents cite the law as Vietnamese official texts do: point, clause, article, act."""

from __future__ import annotations

import pytest

from evaluation.models import Decision
from evaluation.queries.disclosure import khtnv_reason
from evaluation.text import legal_citation


@pytest.mark.parametrize(
    ("engine", "document"),
    [
        (
            "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 4 điểm c",
            "điểm c khoản 4 Điều 20 Nghị định số 335/2025/NĐ-CP",
        ),
        (
            "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 1",
            "khoản 1 Điều 12 Nghị định số 233/2026/NĐ-CP",
        ),
        (
            "Luật Viên chức số 58/2010/QH12 (sửa đổi, bổ sung năm 2019), Điều 41",
            "Điều 41 Luật Viên chức số 58/2010/QH12 (sửa đổi, bổ sung năm 2019)",
        ),
        # Shapes it does not know stay as they are rather than being garbled.
        ("QĐ 366-QĐ/TW Điều 11", "QĐ 366-QĐ/TW Điều 11"),
        (
            "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 4 (đoạn cuối)",
            "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 4 (đoạn cuối)",
        ),
    ],
)
def test_legal_citation(engine, document):
    assert legal_citation(engine) == document


def test_a_khtnv_reason_cites_the_point_of_the_decree(app):
    decision = Decision(
        engine_reasons=[
            {
                "code": "discipline",
                "message": "Bị kỷ luật hình thức khiển trách trong năm đánh giá",
                "article": "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 4 điểm c",
            }
        ],
        reason="",
    )
    assert khtnv_reason(decision) == (
        "Bị kỷ luật hình thức khiển trách trong năm đánh giá "
        "(điểm c khoản 4 Điều 20 Nghị định số 335/2025/NĐ-CP)."
    )
