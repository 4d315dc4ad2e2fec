"""JSON batch -> typed batch. Every error of the batch is collected (path + Vietnamese message)
before anything is classified; a batch with any error raises ``BatchError``."""

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from scoring.errors import BatchError, InputError
from scoring.model import (
    Batch,
    Criteria,
    Leave,
    Options,
    Person,
    PersonRow,
    Sanction,
    Unit,
    UnitBatch,
)
from scoring.numbers import score_cents, weighted_mean_cents
from scoring.regimes import CADRE_RULES, FIRST_YEAR, GROUPS, RegimeRules, regime, rules_for
from scoring.vocabulary import LEAVE_KINDS, LEVELS, SANCTIONS

MISSING = "Thiếu trường bắt buộc."
NOT_NUMBER = "Phải là một số."
PERIOD_MONTHS = (
    "Phải là danh sách số tháng (số nguyên 1–12) của từng kỳ, cùng độ dài với period_scores, "
    "tổng không quá 12."
)
NOT_FINITE = "Giá trị {value} không phải là một số hữu hạn: hãy nhập một số cụ thể."
NOT_INT = "Phải là số nguyên."
PCT_RANGE = "Phải nằm trong khoảng 0–100."
MONTH_RANGE = "Số tháng phải nằm trong khoảng 0–12."
NOT_BOOL = "Phải là true hoặc false."
NOT_STR = "Phải là chuỗi ký tự không rỗng."
NOT_LIST = "Phải là danh sách (mảng JSON)."
NOT_OBJ = "Phải là đối tượng JSON."
EMPTY_LIST = "Danh sách không được rỗng."
SUM_MONTHS = "Tổng số tháng làm việc và số tháng nghỉ vượt quá 12."
YEAR_RANGE = (
    f"Năm đánh giá phải từ {FIRST_YEAR} đến 2100 (trước năm 2020 áp dụng "
    "Nghị định 56/2015/NĐ-CP, ngoài phạm vi)."
)
NEED_REGULATION = (
    "Viên chức năm 2026 cần cho biết đơn vị đã ban hành quy chế đánh giá hay chưa "
    "(Nghị định 233/2026/NĐ-CP, Điều 20 khoản 1)."
)
NEED_UNIT_LEVEL = (
    "Người đứng đầu đơn vị sự nghiệp cần mức xếp loại của đơn vị "
    "(Nghị định 233/2026/NĐ-CP, Điều 12 khoản 7)."
)
NEED_DUTY = "Cần cho biết vi phạm có liên quan đến thực thi nhiệm vụ hay không (true/false)."

POSITIONS = ("staff", "manager", "unit_head")
SYSTEMS = ("party", "state")
GENERAL = ("done_well", "met", "not_met")
QUOTA_BASES = ("htt_or_above", "htt_only")
HEAD_CAP_SCOPES = ("service_unit_head", "all_unit_heads")
UNIT_KINDS = ("public_service", "administrative")

PCT_FIELDS = (
    "tasks_completed_pct",
    "on_time_quality_pct",
    "exceeded_pct",
    "not_assured_pct",
    "unit_targets_completed_pct",
    "unit_exceeded_pct",
    "unit_on_time_quality_pct",
    "subunits_htnv_or_above_pct",
    "subunits_htt_or_above_pct",
)
# What each method needs in ``criteria`` (the subunit shares are optional: no subunits).
D90_STAFF_NEEDS = ("tasks_completed_pct", "on_time_quality_pct", "exceeded_pct", "not_assured_pct")
D90_LEADER_NEEDS = (
    *D90_STAFF_NEEDS,
    "unit_targets_completed_pct",
    "unit_exceeded_pct",
    "unit_on_time_quality_pct",
)
QD366_STAFF_NEEDS = ("tasks_completed_pct", "on_time_quality_pct", "exceeded_pct")
QD366_LEADER_NEEDS = ("unit_targets_completed_pct", "unit_exceeded_pct", "unit_on_time_quality_pct")

Err = Callable[[str, str], None]


def choice_msg(choices: tuple[str, ...]) -> str:
    return "Giá trị không hợp lệ; chỉ chấp nhận: " + ", ".join(choices) + "."


def number_message(value: Any) -> str:
    """Why a value is not a number: NaN and Infinity are named, so the author finds them."""
    if (type(value) is float or type(value) is Decimal) and value != value:
        return NOT_FINITE.format(value="NaN")
    if type(value) is float or (type(value) is Decimal and value.is_infinite()):
        return NOT_FINITE.format(value="Infinity")
    return NOT_NUMBER


def to_decimal(value: Any) -> Decimal | None:
    """A JSON number as Decimal; None when the value is not a number (bool is not a number)."""
    tp = type(value)
    if tp is int:
        return Decimal(value)
    if tp is float:
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return Decimal(repr(value))
    if tp is Decimal:
        return value if value.is_finite() else None
    return None


def _num(d: Mapping[str, Any], key: str, path: str, err: Err, hi: int = 100) -> Decimal | None:
    """A required-if-present number in [0, hi]; returns None when absent or wrong."""
    value = d.get(key)
    if value is None:
        return None
    dec = to_decimal(value)
    if dec is None:
        err(f"{path}.{key}", number_message(value))
        return None
    if dec < 0 or dec > hi:
        err(f"{path}.{key}", MONTH_RANGE if hi == 12 else PCT_RANGE)
        return None
    return dec


def _bool(d: Mapping[str, Any], key: str, path: str, err: Err, default: bool) -> bool:
    value = d.get(key)
    if value is None:
        return default
    if value is True or value is False:
        return value
    err(f"{path}.{key}", NOT_BOOL)
    return default


def _choice(
    d: Mapping[str, Any],
    key: str,
    path: str,
    err: Err,
    choices: tuple[str, ...],
    default: str | None,
) -> str | None:
    value = d.get(key)
    if value is None:
        if default is None:
            err(f"{path}.{key}", MISSING)
        return default
    if value not in choices:
        err(f"{path}.{key}", choice_msg(choices))
        return default
    return value


def _int(d: Mapping[str, Any], key: str, path: str, err: Err, required: bool) -> int | None:
    value = d.get(key)
    if value is None:
        if required:
            err(f"{path}.{key}", MISSING)
        return None
    if type(value) is not int:
        err(f"{path}.{key}", NOT_INT)
        return None
    return value


def parse_options(raw: Any, err: Err) -> Options:
    if raw is None:
        return Options()
    if not isinstance(raw, Mapping):
        err("options", NOT_OBJ)
        return Options()
    return Options(
        quota_base=_choice(raw, "quota_base", "options", err, QUOTA_BASES, "htt_or_above")
        or "htt_or_above",
        outstanding_unit=_bool(raw, "outstanding_unit", "options", err, False),
        quota_outside=_bool(raw, "quota_outside", "options", err, False),
        head_cap_scope=_choice(
            raw, "head_cap_scope", "options", err, HEAD_CAP_SCOPES, "service_unit_head"
        )
        or "service_unit_head",
        cadre_rules=_choice(raw, "cadre_rules", "options", err, CADRE_RULES, "qd366") or "qd366",
    )


def parse_year(batch: Mapping[str, Any], err: Err) -> int | None:
    if "year" not in batch:
        err("year", MISSING)
        return None
    year = _int(batch, "year", "", err, True)
    if year is not None and not FIRST_YEAR <= year <= 2100:
        err("year", YEAR_RANGE)
        return None
    return year


def _criteria(raw: Any, path: str, err: Err) -> Criteria | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        err(path, NOT_OBJ)
        return None
    general = raw.get("general")
    if general is not None and general not in GENERAL:
        err(f"{path}.general", choice_msg(GENERAL))
        general = None
    values = {key: _num(raw, key, path, err) for key in PCT_FIELDS}
    return Criteria(
        general=general,
        shortcomings_remedied=_bool(raw, "shortcomings_remedied", path, err, True),
        **values,
    )


def _leave(raw: Any, path: str, err: Err) -> tuple[Leave, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        err(path, NOT_LIST)
        return ()
    out = []
    for j, item in enumerate(raw):
        ip = f"{path}[{j}]"
        if not isinstance(item, Mapping):
            err(ip, NOT_OBJ)
            continue
        kind = _choice(item, "kind", ip, err, LEAVE_KINDS, None)
        months = _num(item, "months", ip, err, hi=12)
        if months is None and item.get("months") is None:
            err(f"{ip}.months", MISSING)
        if kind is not None and months is not None:
            out.append(Leave(kind, months))
    return tuple(out)


def _discipline(raw: Any, path: str, err: Err, need_duty: bool) -> tuple[Sanction, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        err(path, NOT_LIST)
        return ()
    out = []
    for j, item in enumerate(raw):
        ip = f"{path}[{j}]"
        if not isinstance(item, Mapping):
            err(ip, NOT_OBJ)
            continue
        sanction = _choice(item, "sanction", ip, err, SANCTIONS, None)
        system = _choice(item, "system", ip, err, SYSTEMS, "state")
        duty = item.get("duty_related")
        if duty is None:
            if need_duty:
                err(f"{ip}.duty_related", NEED_DUTY)
            duty = True
        elif duty is not True and duty is not False:
            err(f"{ip}.duty_related", NOT_BOOL)
        effective = _int(item, "effective_year", ip, err, True)
        counted = _int(item, "counted_in_year", ip, err, False)
        previous = item.get("previous_organisation", False)
        if previous is not True and previous is not False:
            err(f"{ip}.previous_organisation", NOT_BOOL)
            previous = False
        act = item.get("act")
        if act is not None and not isinstance(act, str | int):
            err(f"{ip}.act", NOT_STR)
            act = None
        if sanction is not None and effective is not None:
            out.append(
                Sanction(
                    sanction=sanction,
                    system=system or "state",
                    duty_related=bool(duty),
                    effective_year=effective,
                    act=None if act is None else str(act),
                    counted_in_year=counted,
                    previous_organisation=previous,
                )
            )
    return tuple(out)


MONTHS = {m: Decimal(m) for m in range(13)}
# tuple.__new__ skips NamedTuple's Python-level __new__ (the fields are all given here).
new_row = tuple.__new__
GROUP_SET = frozenset(GROUPS)
POSITION_SET = frozenset(POSITIONS)
LEVEL_SET = frozenset(LEVELS)
FLAG_KEYS = ("degradation_finding", "corruption_in_led_unit", "corruption_self_remedied")
NO_FLAGS = [None, None, None]
RegimeCache = dict[tuple[str, bool | None], RegimeRules | None]


def parse_person(
    raw: Any,
    i: int,
    year: int | None,
    options: Options,
    err: Err,
    regimes: RegimeCache | None = None,
) -> PersonRow | None:
    """One person. The common fields are checked inline (this runs millions of times); the
    rare ones (leave, discipline, criteria) go through the helpers."""
    if type(raw) is not dict and not isinstance(raw, Mapping):
        err(f"people[{i}]", NOT_OBJ)
        return None
    get = raw.get
    pid = get("id")
    group = get("group")
    position = get("position")
    task_group = get("task_group")
    has_reg = get("unit_has_regulation")
    raw_months = get("months_worked")
    raw_score = get("score")
    raw_periods = get("period_scores")
    raw_criteria = get("criteria")
    unit_level = get("unit_level")
    ok = True

    if type(pid) is not str or not pid:
        err(f"people[{i}].id", MISSING if pid is None else NOT_STR)
        ok = False
    if group not in GROUP_SET:
        err(f"people[{i}].group", MISSING if group is None else choice_msg(GROUPS))
        group = None
        ok = False
    if position is None:
        position = "staff"
    elif position not in POSITION_SET:
        err(f"people[{i}].position", choice_msg(POSITIONS))
        position = "staff"
    if task_group is None:
        task_group = "chung"
    elif type(task_group) is not str or not task_group:
        err(f"people[{i}].task_group", NOT_STR)
        task_group = "chung"
    if has_reg is not None and has_reg is not True and has_reg is not False:
        err(f"people[{i}].unit_has_regulation", NOT_BOOL)
        has_reg = None

    rules = None
    if group is not None and year is not None:
        if group == "vien_chuc" and year == 2026 and has_reg is None:
            err(f"people[{i}].unit_has_regulation", NEED_REGULATION)
            has_reg = True
        key = (group, has_reg)
        if regimes is not None and key in regimes:
            rules = regimes[key]
        else:
            code = regime(group, year, has_reg, options.cadre_rules)
            rules = rules_for(group, year, has_reg, options.cadre_rules) if code else None
            if regimes is not None:
                regimes[key] = rules
    in_scope = group != "nguoi_lao_dong"

    months = MONTHS.get(raw_months) if type(raw_months) is int else None
    if months is None:
        if raw_months is None:
            if in_scope:
                err(f"people[{i}].months_worked", MISSING)
            months = MONTHS[12]
        else:
            months = _num(raw, "months_worked", f"people[{i}]", err, hi=12)
    leave: tuple[Leave, ...] = ()
    raw_leave = get("leave")
    if raw_leave is not None:
        leave = _leave(raw_leave, f"people[{i}].leave", err)
        if months is not None and leave and months + sum(lv.months for lv in leave) > 12:
            err(f"people[{i}].leave", SUM_MONTHS)

    score = None
    if raw_score is not None:
        score = score_cents(raw_score)
        if score is None:
            ok = False
            _num(raw, "score", f"people[{i}]", err)  # reports the exact problem
    periods: tuple[int | float, ...] = ()
    if raw_periods is not None:
        if type(raw_periods) is not list:
            err(f"people[{i}].period_scores", NOT_LIST)
        elif not raw_periods:
            err(f"people[{i}].period_scores", EMPTY_LIST)
        else:
            vals = [score_cents(value) for value in raw_periods]
            for j, value in enumerate(raw_periods):
                if vals[j] is None:
                    bad = to_decimal(value) is None
                    why = number_message(value) if bad else PCT_RANGE
                    err(f"people[{i}].period_scores[{j}]", why)
            periods = tuple(vals)  # type: ignore[arg-type]  # only used when no error
            raw_months_of = get("period_months")
            if raw_months_of is not None:
                weighted = _period_months(raw_months_of, vals, f"people[{i}]", err)
                if weighted is not None and raw_score is None:
                    score = weighted
    criteria = None
    if raw_criteria is not None:
        criteria = _criteria(raw_criteria, f"people[{i}].criteria", err)
    raw_discipline = get("discipline")
    discipline: tuple[Sanction, ...] = ()
    if raw_discipline is not None:
        discipline = _discipline(
            raw_discipline,
            f"people[{i}].discipline",
            err,
            need_duty=rules is not None and rules.discipline_scope == "duty_related",
        )
    if unit_level is not None and unit_level not in LEVEL_SET:
        err(f"people[{i}].unit_level", choice_msg(LEVELS))
        unit_level = None
    flags = [get("degradation_finding"), get("corruption_in_led_unit"),
             get("corruption_self_remedied")]  # fmt: skip
    if flags != NO_FLAGS:  # the usual case: all three absent
        for n, key in enumerate(FLAG_KEYS):
            value = flags[n]
            if value is None:
                flags[n] = False
            elif value is not True and value is not False:
                err(f"people[{i}].{key}", NOT_BOOL)
                flags[n] = False
    else:
        flags = [False, False, False]

    if rules is not None:
        if rules.method == "score":
            if raw_score is None and raw_periods is None:
                err(
                    f"people[{i}].score",
                    f"Chế độ {rules.code} cần điểm cả năm (score) hoặc điểm các kỳ "
                    "(period_scores).",
                )
            if rules.condition_exceeded_min and criteria is not None:
                # QĐ 366 distinguishes people with a post from those without one.
                needs = QD366_LEADER_NEEDS if position != "staff" else QD366_STAFF_NEEDS
                _need_fields(raw_criteria, needs, f"people[{i}].criteria", err)
        elif raw_criteria is None:
            err(
                f"people[{i}].criteria",
                f"Chế độ {rules.code} cần các tiêu chí (criteria). " + MISSING,
            )
        elif criteria is not None:
            leader = position != "staff" or group == "can_bo"
            needs = D90_LEADER_NEEDS if leader else D90_STAFF_NEEDS
            _need_fields(raw_criteria, (*needs, "general"), f"people[{i}].criteria", err)
        if (
            rules.head_cap_article
            and rules.head_cap_needs_unit_level
            and position == "unit_head"
            and unit_level is None
            and get("unit_level") is None
        ):
            err(f"people[{i}].unit_level", NEED_UNIT_LEVEL)

    if not ok:
        return None
    return new_row(
        PersonRow,
        (
            pid,
            group,  # type: ignore[arg-type]  # checked above (ok is True)
            position,
            task_group,
            months if months is not None else MONTHS[12],
            leave,
            has_reg,
            score,
            periods,
            criteria,
            discipline,
            flags[0],
            flags[1],
            flags[2],
            unit_level,
        ),
    )


def _need_fields(raw: Any, keys: tuple[str, ...], path: str, err: Err) -> None:
    if not isinstance(raw, Mapping):
        return
    for key in keys:
        if raw.get(key) is None:
            err(f"{path}.{key}", MISSING)


def _top(batch: Any, list_key: str) -> tuple[list[dict[str, str]], Err, Mapping[str, Any]]:
    errors: list[dict[str, str]] = []

    def err(path: str, message: str) -> None:
        errors.append({"path": path.lstrip("."), "message": message})

    if not isinstance(batch, Mapping):
        err("", "Dữ liệu đầu vào phải là một đối tượng JSON.")
        raise BatchError(errors)
    if list_key not in batch:
        err(list_key, MISSING)
    elif not isinstance(batch[list_key], list):
        err(list_key, NOT_LIST)
    return errors, err, batch


def parse_rows(batch: Any) -> tuple[int, Options, list[PersonRow]]:
    """Validate a whole people batch into rows; raise BatchError listing every problem."""
    errors, err, batch = _top(batch, "people")
    year = parse_year(batch, err)
    options = parse_options(batch.get("options"), err)
    raw_people = batch.get("people")
    if not errors and type(raw_people) is list:
        rows = _fast_rows(raw_people, year, options)  # type: ignore[arg-type]  # no error: set
        if rows is not None:
            return year, options, rows  # type: ignore[return-value]
    people: list[PersonRow] = []
    owners: dict[int, tuple[int, str | None]] = {}  # error's place -> (person's index, id)
    if isinstance(raw_people, list):
        seen: dict[str, int] = {}
        regimes: RegimeCache = {}
        for i, raw in enumerate(raw_people):
            start = len(errors)
            person = parse_person(raw, i, year, options, err, regimes)
            # The id is checked for duplicates even when the person has other errors, so
            # every problem of the batch is listed (a duplicate of an invalid first occurrence).
            pid = person.id if person is not None else _raw_id(raw)
            if pid is not None:
                first = seen.setdefault(pid, i)
                if first != i:
                    err(f"people[{i}].id", f"Mã định danh bị trùng với people[{first}].id.")
            for k in range(start, len(errors)):
                owners[k] = (i, pid)
            if person is not None:
                people.append(person)
    if errors:
        raise BatchError(errors, _details(errors, owners))
    assert year is not None
    return year, options, people


def _details(
    errors: list[dict[str, str]], owners: dict[int, tuple[int, str | None]]
) -> list[InputError]:
    """The errors in structured form: a person's error carries their id, index and field."""
    out = []
    for k, e in enumerate(errors):
        owner = owners.get(k)
        if owner is None:
            out.append(InputError(e["path"], e["message"]))
            continue
        index, pid = owner
        # Every path of a person's error starts with "people[i]"; the field follows it.
        rest = e["path"][len(f"people[{index}]") :].lstrip(".")
        field = rest.split(".", 1)[0].split("[", 1)[0]
        out.append(InputError(e["path"], e["message"], pid, index, field))
    return out


def _period_months(raw: Any, periods: list[Any], path: str, err: Err) -> int | None:
    """``period_months``: how many months each period score covers (1 a month, 3 a quarter);
    the annual score is then their mean weighted by months (Decree 335 Art 17.3, Art 19.1)."""
    if type(raw) is not list or len(raw) != len(periods):
        err(f"{path}.period_months", PERIOD_MONTHS)
        return None
    if any(type(m) is not int or not 1 <= m <= 12 for m in raw) or sum(raw) > 12:
        err(f"{path}.period_months", PERIOD_MONTHS)
        return None
    if any(p is None for p in periods):
        return None
    return weighted_mean_cents(periods, raw)


def _raw_id(raw: Any) -> str | None:
    """The id of a raw person when it is a usable one (a non-empty string), else None."""
    if isinstance(raw, Mapping):
        pid = raw.get("id")
        if type(pid) is str and pid:
            return pid
    return None


# The fields a usual person has; any other one (criteria, the three flags, unknown fields)
# sends that person through the full check of ``parse_person``.
FAST_KEYS = frozenset(("id", "group", "position", "task_group", "months_worked", "leave",
                       "unit_has_regulation", "score", "period_scores", "unit_level",
                       "discipline"))  # fmt: skip


class _Rejected(Exception):
    """Raised by ``_reject``: the fast path leaves the person to ``parse_person``."""


def _reject(path: str, message: str) -> None:
    raise _Rejected


NOT_FAST = False  # a (group, regulation flag) that the fast path leaves to parse_person


def _fast_regimes(year: int, options: Options) -> dict[tuple[str, bool | None], Any]:
    """(group, unit_has_regulation) -> the score-based rules that apply (None: not classified).
    Left out: the criteria-based regimes and a 2026 viên chức without the flag (an error)."""
    table: dict[tuple[str, bool | None], Any] = {}
    for group in GROUPS:
        for has_reg in (True, False, None):
            if group == "vien_chuc" and year == 2026 and has_reg is None:
                continue
            code = regime(group, year, has_reg, options.cadre_rules)
            rules = rules_for(group, year, has_reg, options.cadre_rules) if code else None
            if rules is None or rules.method == "score":
                table[(group, has_reg)] = rules
    return table


def _fast_row(raw: Any, regimes: dict[tuple[str, bool | None], Any]) -> PersonRow | None:
    """The row of a usual, well-formed person, else None (the caller runs ``parse_person``).
    Never reports an error: it accepts only what ``parse_person`` accepts, with the same row."""
    if type(raw) is not dict or not raw.keys() <= FAST_KEYS:
        return None
    get = raw.get
    pid = get("id")
    has_reg = get("unit_has_regulation")
    if type(pid) is not str or not pid:
        return None
    if has_reg is not None and has_reg is not True and has_reg is not False:
        return None  # by identity: 1 == True
    group = get("group")
    rules = regimes.get((group, has_reg), NOT_FAST)
    if rules is NOT_FAST:
        return None
    position = get("position")
    if position is None:
        position = "staff"
    elif position not in POSITION_SET:
        return None
    task_group = get("task_group")
    if task_group is None:
        task_group = "chung"
    elif type(task_group) is not str or not task_group:
        return None
    months = get("months_worked")
    if type(months) is int and 0 <= months <= 12:
        months = MONTHS[months]
    elif months is None and rules is None:  # người lao động: not classified
        months = MONTHS[12]
    else:
        return None
    score = get("score")
    if score is not None:
        score = _cents(score)
        if score is None:
            return None
    periods = get("period_scores")
    if periods is None:
        if score is None and rules is not None:
            return None  # a score is needed
        periods = ()
    elif type(periods) is list and periods:
        periods = tuple([_cents(value) for value in periods])
        if None in periods:
            return None
    else:
        return None
    unit_level = get("unit_level")
    if unit_level is None:
        if position == "unit_head" and rules is not None and rules.head_cap_article:
            return None  # the unit's level is needed
    elif unit_level not in LEVEL_SET:
        return None
    leave: tuple[Leave, ...] = ()
    discipline: tuple[Sanction, ...] = ()
    raw_leave = get("leave")
    raw_discipline = get("discipline")
    if raw_leave is not None or raw_discipline is not None:  # rare: the full helpers
        try:
            if raw_leave is not None:
                leave = _leave(raw_leave, "", _reject)
                if leave and months + sum(lv.months for lv in leave) > 12:
                    return None
            if raw_discipline is not None:
                need_duty = rules is not None and rules.discipline_scope == "duty_related"
                discipline = _discipline(raw_discipline, "", _reject, need_duty)
        except _Rejected:
            return None
    return new_row(
        PersonRow,
        (pid, group, position, task_group, months, leave, has_reg, score, periods, None,
         discipline, False, False, False, unit_level),
    )  # fmt: skip


def _cents(value: Any) -> int | float | None:
    """``score_cents``, with the usual float of at most 2 decimals done inline."""
    if type(value) is float and 0 < value <= 100:
        cents = int(value * 100 + 0.5)
        if cents / 100 == value:
            return cents
    return score_cents(value)


def _fast_rows(raw_people: list[Any], year: int, options: Options) -> list[PersonRow] | None:
    """The rows of a batch without any error, else None: then ``parse_rows`` checks it all
    again, collecting every error in order. The usual person takes ``_fast_row``."""
    fast = _fast_regimes(year, options)
    regimes: RegimeCache = {}
    errors: list[tuple[str, str]] = []
    err = lambda path, message: errors.append((path, message))  # noqa: E731
    rows = []
    for i, raw in enumerate(raw_people):
        row = _fast_row(raw, fast) or parse_person(raw, i, year, options, err, regimes)
        if row is None or errors:
            return None
        rows.append(row)
    if len({row[0] for row in rows}) != len(rows):
        return None  # a duplicate id
    return rows


def parse_batch(batch: Any) -> Batch:
    """Validate a whole people batch into typed ``Person`` objects."""
    year, options, rows = parse_rows(batch)
    # The typed ``Person`` keeps the scores as typed (Decimal), not the engine's hundredths.
    people = []
    for row, raw in zip(rows, batch["people"], strict=True):
        periods = raw.get("period_scores")
        typed = row._replace(
            score=to_decimal(raw.get("score")),
            period_scores=tuple(map(to_decimal, periods)) if periods is not None else (),
        )
        people.append(Person(*typed))
    return Batch(year=year, people=tuple(people), options=options)


UNITS_FROM = 2026
UNITS_YEAR = (
    "Xếp loại tập thể theo thang 100 điểm áp dụng từ năm 2026 (Nghị định 233/2026/NĐ-CP, "
    "Nghị định 335/2025/NĐ-CP)."
)
UNIT_NUMBERS = (
    "score",
    "tasks_on_time_quality_pct",
    "exceeded_pct",
    "tasks_completed_pct",
    "behind_schedule_pct",
    "plan_completed_pct",
)


def parse_unit_batch(batch: Any) -> UnitBatch:
    errors, err, batch = _top(batch, "units")
    year = parse_year(batch, err)
    if year is not None and year < UNITS_FROM:
        err("year", UNITS_YEAR)
        year = None
    options = parse_options(batch.get("options"), err)
    raw_units = batch.get("units")
    units: list[Unit] = []
    if isinstance(raw_units, list):
        seen: dict[str, int] = {}
        for i, raw in enumerate(raw_units):
            path = f"units[{i}]"
            if not isinstance(raw, Mapping):
                err(path, NOT_OBJ)
                continue
            uid = raw.get("id")
            if uid is None:
                err(f"{path}.id", MISSING)
            elif not isinstance(uid, str) or not uid:
                err(f"{path}.id", NOT_STR)
                uid = None
            kind = _choice(raw, "kind", path, err, UNIT_KINDS, "public_service")
            numbers = {}
            for key in UNIT_NUMBERS:
                numbers[key] = _num(raw, key, path, err)
                if raw.get(key) is None:
                    err(f"{path}.{key}", MISSING)
            flags = {
                key: _bool(raw, key, path, err, default)
                for key, default in (
                    ("force_majeure", False),
                    ("constituent_khtnv", False),
                    ("shortcomings_remedied", True),
                    ("personnel_violation", False),
                )
            }
            if uid is not None:  # checked even when the unit has other errors
                first = seen.setdefault(uid, i)
                if first != i:
                    err(f"{path}.id", f"Mã định danh bị trùng với units[{first}].id.")
            if uid is None or any(v is None for v in numbers.values()):
                continue
            units.append(Unit(id=uid, kind=kind or "public_service", **numbers, **flags))
    if len({u.kind for u in units}) > 1:
        # One authority's batch is one regime: its quota and articles are that regime's.
        err("units", "Các đơn vị trong một lần xếp loại phải cùng một chế độ (cùng loại tổ chức).")
    if errors:
        raise BatchError(errors)
    assert year is not None
    return UnitBatch(year=year, units=tuple(units), options=options)
