"""Domain codes. The engine's vocabulary (levels, staff groups) comes from
scoring/vocabulary.py; the human labels of every code live in labels.py."""

from enum import StrEnum

from scoring import vocabulary as words


class AgencyKind(StrEnum):
    ADMINISTRATIVE = "administrative"  # cơ quan hành chính nhà nước
    PUBLIC_SERVICE = "public_service"  # đơn vị sự nghiệp công lập


class UnitKind(StrEnum):
    DEPARTMENT = "department"  # phòng, ban, văn phòng
    PUBLIC_SERVICE = "public_service"  # đơn vị sự nghiệp trực thuộc
    CONSTITUENT = "constituent"  # đơn vị cấu thành (khoa, phòng của đơn vị sự nghiệp)


# The engine's codes in its order: a new group or level is added once, in scoring.
StaffGroup = StrEnum("StaffGroup", {code.upper(): code for code in words.GROUPS})


class Position(StrEnum):
    STAFF = "staff"
    MANAGER = "manager"
    UNIT_HEAD = "unit_head"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class RoleName(StrEnum):
    STAFF = "staff"
    UNIT_HEAD = "unit_head"
    HR = "hr"
    PARTY_COMMITTEE = "party_committee"
    ADMIN = "admin"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


class CycleStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


Level = StrEnum("Level", {code: code for code in words.LEVELS})  # best first


class DecisionStatus(StrEnum):
    """A classification decision's lifecycle (workflow.TRANSITIONS["decision"])."""

    DECIDED = "decided"  # current, awaiting the unit's approval
    APPROVED = "approved"  # current and locked (docs/rules/rules.md §5.1)
    REPLACED = "replaced"  # a later decision replaced it; kept for the history


class QuotaBase(StrEnum):
    HTT_OR_ABOVE = "htt_or_above"
    HTT_ONLY = "htt_only"


class CadreRules(StrEnum):
    QD366 = "qd366"
    D335 = "d335"


class HeadCapScope(StrEnum):
    SERVICE_UNIT_HEAD = "service_unit_head"
    ALL_UNIT_HEADS = "all_unit_heads"
