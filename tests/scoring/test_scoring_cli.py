"""``python -m scoring`` through a real subprocess: exit codes and the error shape."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from scoring_helpers import person

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def good() -> dict[str, Any]:
    return {"year": 2026, "people": [person("a", score=91.5), person("b", score=75)]}


def test_classify_from_stdin() -> None:
    proc = run(["classify"], json.dumps(good()))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [p["id"] for p in out["people"]] == ["a", "b"]
    assert out["people"][0]["score"] == 91.5  # a JSON number, not a string
    assert '"score": 91.5' in proc.stdout


def test_classify_from_file(tmp_path: Path) -> None:
    f = tmp_path / "batch.json"
    f.write_text(json.dumps(good()), encoding="utf-8")
    proc = run(["classify", str(f)])
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["year"] == 2026


def test_bad_batch_exit_2_with_errors() -> None:
    proc = run(["classify"], json.dumps({"year": 2026, "people": [person(score=101)]}))
    assert proc.returncode == 2
    body = json.loads(proc.stdout)
    assert body == {
        "errors": [{"path": "people[0].score", "message": "Phải nằm trong khoảng 0–100."}]
    }


def test_invalid_json_exit_2() -> None:
    proc = run(["classify"], '{"year": 2026, "people": [')
    assert proc.returncode == 2
    body = json.loads(proc.stdout)
    assert body["errors"][0]["path"] == ""
    assert "JSON" in body["errors"][0]["message"]


def test_missing_file_exit_2(tmp_path: Path) -> None:
    proc = run(["classify", str(tmp_path / "nope.json")])
    assert proc.returncode == 2
    assert "errors" in json.loads(proc.stdout)


def test_classify_units() -> None:
    batch = {
        "year": 2026,
        "units": [
            {
                "id": "u",
                "kind": "public_service",
                "score": 95,
                "tasks_on_time_quality_pct": 100,
                "exceeded_pct": 40,
                "tasks_completed_pct": 100,
                "behind_schedule_pct": 0,
                "plan_completed_pct": 100,
            }
        ],
    }
    proc = run(["classify-units"], json.dumps(batch))
    assert proc.returncode == 0, proc.stdout
    assert json.loads(proc.stdout)["units"][0]["level"] == "HTXS"


def test_unknown_command_is_usage_error() -> None:
    proc = run(["frobnicate"], "{}")
    assert proc.returncode == 2
    assert "usage" in proc.stderr


def test_nan_literal_is_a_bad_batch_not_a_crash() -> None:
    proc = run(["classify"], '{"year": 2026, "people": [{"id": "a", "group": "cong_chuc", '
               '"months_worked": 12, "score": NaN}]}')  # fmt: skip
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["errors"][0]["path"] == "people[0].score"


def test_decimal_parsing_keeps_typed_value() -> None:
    # 89.995 typed in JSON rounds half-up to 90.00 (not 89.99 as its binary float would).
    batch = {"year": 2026, "people": [person("a", score=89.995)]}
    proc = run(["classify"], json.dumps(batch))
    assert json.loads(proc.stdout)["people"][0]["eligible_level"] == "HTXS"
