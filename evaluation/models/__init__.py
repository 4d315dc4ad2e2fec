"""All models, imported here so Alembic and the app see one metadata."""

from .assessment import AnnualForm, FormStatus, HistoricalResult, PeriodSheet, SheetStatus
from .audit import AuditCheckpoint, AuditLog
from .cycle import Cycle
from .decision import Decision
from .delivery import AssignedTask, MailMessage, ResultRecord, SignedDocument
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
from .org import Agency, Unit
from .people import ApiToken, Discipline, RoleAssignment, Staff, StaffYearRecord, User
from .ranking import UnitApproval, UnitEvaluation
from .register import ExternalDecision, OutgoingDocument
from .review import (
    Meeting,
    MeetingAttendance,
    MeetingOpinion,
    PartyComment,
    PeerReview,
    PeerReviewActivity,
    WrittenComment,
)

__all__ = [
    "AssignedTask",
    "MailMessage",
    "ResultRecord",
    "SignedDocument",
    "AnnualForm",
    "FormStatus",
    "HistoricalResult",
    "PeriodSheet",
    "SheetStatus",
    "AccessRequest",
    "AccessStatus",
    "DisclosureMethod",
    "ImportBatch",
    "Job",
    "Petition",
    "PetitionStatus",
    "Posting",
    "Publication",
    "Agency",
    "AgencyKind",
    "ApiToken",
    "AuditCheckpoint",
    "AuditLog",
    "CadreRules",
    "Cycle",
    "CycleStatus",
    "Decision",
    "Discipline",
    "ExternalDecision",
    "Gender",
    "HeadCapScope",
    "Level",
    "Meeting",
    "OutgoingDocument",
    "MeetingAttendance",
    "MeetingOpinion",
    "PartyComment",
    "PeerReview",
    "PeerReviewActivity",
    "PeriodKind",
    "Position",
    "QuotaBase",
    "RoleAssignment",
    "RoleName",
    "Staff",
    "StaffGroup",
    "StaffYearRecord",
    "Unit",
    "UnitApproval",
    "UnitEvaluation",
    "UnitKind",
    "User",
    "WrittenComment",
]
