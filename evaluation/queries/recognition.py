"""The recognition documents of an organisation (Decree 335 Art 9.2(b), Decree 233 Art 9.2):
its recognised level and the numbers the register gave the decision and the notice, as the
plain record exports/recognition.py prints."""

from __future__ import annotations

from decimal import Decimal

from exports.recognition import RecognitionData

from ..models import Cycle, Unit
from ..services import unit_evaluations as units
from ..services.authority import issuer_of
from ..services.decisions import HEAD_CAP_ARTICLES
from ..services.legal import D233, D335


def recognition_data(cycle: Cycle, unit: Unit) -> RecognitionData | None:
    """None while the organisation is not recognised, or when it was recognised outside the
    agency (that authority issues its own documents; HR only records them)."""
    ev = units.evaluation_of(cycle, unit)
    if ev is None or ev.level is None or units.is_agency_unit(unit):
        return None
    docs = {doc.doc_type: doc for doc in units.documents_of(cycle, unit)}
    decision, notice = docs.get("QĐ"), docs.get("TB")
    issuer = issuer_of(unit.agency, unit.parent)
    regime = units.regime_of(unit)
    law = D335 if regime == "administrative" else D233
    post = (issuer.head_post or "Thủ trưởng").capitalize()
    verified = ev.verification_conclusion.strip().rstrip(".;") if ev.verified_at else ""
    reason = ev.reason if ev.proposed_level is None or ev.level != ev.proposed_level else ""
    return RecognitionData(
        governing_body=issuer.governing_body,
        issuer_name=issuer.name,
        authority=f"{post} {issuer.name}",
        place=issuer.place,
        year=cycle.year,
        unit_name=unit.name,
        level_code=ev.level.value,
        score=Decimal(str(ev.score)) if ev.score is not None else None,
        decision_number=decision.number if decision else None,
        decision_symbol=decision.symbol if decision else f"QĐ-{issuer.symbol}",
        decision_date=decision.issued_on if decision else None,
        notice_number=notice.number if notice else None,
        notice_symbol=notice.symbol if notice else f"TB-{issuer.symbol}",
        notice_date=notice.issued_on if notice else None,
        basis=(f"Căn cứ {law};",),
        head_cap_article=HEAD_CAP_ARTICLES[unit.kind],
        order_article=units.ARTICLES[regime]["notice"],
        signer_post=issuer.head_post,
        signer_name=decision.signer_name if decision else issuer.head_name,
        reason=reason,
        verification=verified,
    )
