"""The four classification levels, shared by every regime."""

HTXS = "HTXS"
HTT = "HTT"
HTNV = "HTNV"
KHTNV = "KHTNV"

LEVELS = (HTXS, HTT, HTNV, KHTNV)
RANK = {HTXS: 3, HTT: 2, HTNV: 1, KHTNV: 0}

LABEL_VI = {
    HTXS: "Hoàn thành xuất sắc nhiệm vụ",
    HTT: "Hoàn thành tốt nhiệm vụ",
    HTNV: "Hoàn thành nhiệm vụ",
    KHTNV: "Không hoàn thành nhiệm vụ",
}


def lower(a: str, b: str) -> str:
    """The lower (worse) of two levels."""
    return a if RANK[a] <= RANK[b] else b
