"""``python -m scoring classify [FILE]`` / ``python -m scoring classify-units [FILE]``.

Reads JSON from FILE or standard input, writes JSON to standard output. Bad input (invalid JSON
included) exits with status 2 and prints ``{"errors": [{"path", "message"}]}``.
"""

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from scoring.api import classify, classify_units
from scoring.errors import BatchError

COMMANDS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "classify": classify,
    "classify-units": classify_units,
}


def _fail(errors: list[dict[str, str]]) -> int:
    sys.stdout.write(json.dumps({"errors": errors}, ensure_ascii=False) + "\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("file", nargs="?", help="JSON input (default: standard input)")
    args = parser.parse_args(argv)
    try:
        if args.file:
            with open(args.file, "rb") as fh:
                data = fh.read()
        else:
            data = sys.stdin.buffer.read()
    except OSError as exc:
        return _fail([{"path": "", "message": f"Không đọc được tệp đầu vào: {exc.strerror}."}])
    try:
        # Decimal keeps the scores exactly as typed (no binary float on the way in).
        batch = json.loads(data, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = (
            f" (dòng {exc.lineno}, cột {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        return _fail([{"path": "", "message": f"Dữ liệu không phải JSON hợp lệ{where}."}])
    try:
        result = COMMANDS[args.command](batch)
    except BatchError as exc:
        return _fail(exc.errors)
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
