"""The error raised for a bad batch: every problem found, nothing classified."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InputError:
    """One problem of a batch in structured form: whose it is (the person's id as given and
    their place in ``people``), which of their input fields, and the message. ``path`` is the
    same place as the JSON contract writes it (docs/rules/scoring-api.md)."""

    path: str
    message: str
    person: str | None = None  # None: a batch-level problem, or a person without a usable id
    index: int | None = None  # the person's place in ``people``
    field: str = ""  # the person's top-level input field: "criteria", "score", "discipline"...


class BatchError(ValueError):
    """``errors``: the JSON contract's [{"path", "message"}]; ``details``: the same problems,
    in the same order, as ``InputError`` (callers key them by person, no path parsing)."""

    def __init__(
        self, errors: list[dict[str, str]], details: list[InputError] | None = None
    ) -> None:
        self.errors = errors
        self.details: tuple[InputError, ...] = (
            tuple(details)
            if details is not None
            else tuple(InputError(e["path"], e["message"]) for e in errors)
        )
        first = errors[0]["path"] + ": " + errors[0]["message"] if errors else ""
        super().__init__(f"{len(errors)} lỗi trong dữ liệu đầu vào; lỗi đầu tiên: {first}")

    def by_person(self) -> dict[str, list[InputError]]:
        """Each person's problems by their id (batch-level problems are left out)."""
        out: dict[str, list[InputError]] = {}
        for detail in self.details:
            if detail.person is not None:
                out.setdefault(detail.person, []).append(detail)
        return out

    @property
    def batch_level(self) -> tuple[InputError, ...]:
        """The problems not tied to one identified person (year, options, the list itself)."""
        return tuple(d for d in self.details if d.person is None)
