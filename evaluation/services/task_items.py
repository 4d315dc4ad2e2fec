"""A period's work items derived from the tasks assigned from the catalogue (Decree 335 Arts 14,
18; docs/products.md): the sheet's task points come from these records, never from typing.

Two readings of the same tasks: the person's (what they reported, as their self-score) and the
manager's (only what the manager confirmed counts as done). A task counts in the period in which
it falls due (Art 14.1), like a typed item.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..models import Task, TaskStatus


def tasks_due(staff_id: int, start: date, end: date) -> list[Task]:
    return list(
        db.session.scalars(
            select(Task)
            .where(Task.staff_id == staff_id, Task.due_on >= start, Task.due_on <= end)
            .order_by(Task.due_on, Task.id)
        )
    )


def _row(task: Task, units: Decimal, completed: date | None, *, counts: bool) -> dict:
    return {
        "title": f"{task.product.name} ({task.quantity.normalize():f} {task.product.unit_name})",
        "units": str(units.quantize(Decimal("0.01"))),
        "assigned_on": task.assigned_on.isoformat(),
        "due_on": task.due_on.isoformat(),
        "completed_on": completed.isoformat() if completed else None,
        "quality_ok": True,
        "failed_reviews": task.failed_reviews if counts else 0,
        "delays": task.delays if counts else 0,
        "objective_cause": task.objective_cause if counts else False,
        "extra": task.extra,
        "task_id": task.id,
    }


def items_for(tasks: list[Task], *, manager: bool) -> list[dict]:
    """The sheet's item rows (the JSON the sheet stores) for these tasks.

    A task handed back or not yet done stays in the total without completion (Art 18.1(d)); a
    confirmed quantity below the assigned one splits the task into a done part and an undone
    part; the manager's reading counts only confirmed work, the person's also what they
    reported (a report after the deadline is one delay unless the manager records more)."""
    rows: list[dict] = []
    for task in tasks:
        confirmed = task.status == TaskStatus.CONFIRMED
        if confirmed:
            done = (task.confirmed_quantity or Decimal(0)) * task.coefficient
            rest = task.units - done
            if done > 0:
                rows.append(_row(task, done, task.reported_on, counts=True))
            if rest > 0:
                rows.append(_row(task, rest, None, counts=False))
        elif task.status == TaskStatus.REPORTED and not manager:
            rows.append(_row(task, task.units, task.reported_on, counts=False))
        else:
            rows.append(_row(task, task.units, None, counts=False))
    return rows
