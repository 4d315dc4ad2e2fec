"""The yearly evaluation cycle of an agency and the options it was run under."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, enum_column
from .enums import CadreRules, CycleStatus, HeadCapScope, PeriodKind, QuotaBase
from .org import Agency


class Cycle(TimestampMixin, db.Model):
    __table_args__ = (UniqueConstraint("agency_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    period_kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    status: Mapped[CycleStatus] = mapped_column(
        enum_column(CycleStatus, "cycle_status"), default=CycleStatus.DRAFT
    )
    self_assessment_deadline: Mapped[date] = mapped_column(Date)
    review_opens_on: Mapped[date] = mapped_column(Date)
    review_closes_on: Mapped[date] = mapped_column(Date)
    classification_deadline: Mapped[date] = mapped_column(Date)
    # The agency's options on the open points of the law (docs/rules/decisions.md); printed in "Căn
    # cứ".
    quota_base: Mapped[QuotaBase] = mapped_column(
        enum_column(QuotaBase, "quota_base"), default=QuotaBase.HTT_OR_ABOVE
    )
    outstanding_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    cadre_rules: Mapped[CadreRules] = mapped_column(
        enum_column(CadreRules, "cadre_rules"), default=CadreRules.QD366
    )
    head_cap_scope: Mapped[HeadCapScope] = mapped_column(
        enum_column(HeadCapScope, "head_cap_scope"), default=HeadCapScope.SERVICE_UNIT_HEAD
    )
    classify_contract_workers: Mapped[bool] = mapped_column(Boolean, default=False)

    agency: Mapped[Agency] = relationship()

    @property
    def period_count(self) -> int:
        return 12 if self.period_kind == PeriodKind.MONTH else 4

    def __repr__(self) -> str:
        return f"<Cycle {self.agency_id}/{self.year}>"
