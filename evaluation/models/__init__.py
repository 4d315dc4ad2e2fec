"""All models, imported here so Alembic and the app see one metadata."""

from .audit import AuditLog
from .cycle import Cycle
from .decision import Decision
from .disclosure import (
    AccessRequest,
    AccessStatus,
    DisclosureMethod,
    ImportBatch,
    Job,
    Petition,
    PetitionStatus,
    Posting,
    Publication,
)
from .enums import (
    AgencyKind,
    CadreRules,
    CycleStatus,
    Gender,
    HeadCapScope,
    Level,
    PeriodKind,
    Position,
    QuotaBase,
    RoleName,
    StaffGroup,
    UnitKind,
)
from .history import HistoricalResult
from .org import Agency, Unit
from .people import ApiToken, Discipline, RoleAssignment, Staff, StaffYearRecord, User

__all__ = [
    "AccessRequest",
    "AccessStatus",
    "DisclosureMethod",
    "HistoricalResult",
    "ImportBatch",
    "Job",
    "Petition",
    "PetitionStatus",
    "Posting",
    "Publication",
    "Agency",
    "AgencyKind",
    "ApiToken",
    "AuditLog",
    "CadreRules",
    "Cycle",
    "CycleStatus",
    "Decision",
    "Discipline",
    "Gender",
    "HeadCapScope",
    "Level",
    "PeriodKind",
    "Position",
    "QuotaBase",
    "RoleAssignment",
    "RoleName",
    "Staff",
    "StaffGroup",
    "StaffYearRecord",
    "Unit",
    "UnitKind",
    "User",
]
