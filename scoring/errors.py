"""The error raised for a bad batch: every problem found, nothing classified."""


class BatchError(ValueError):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        first = errors[0]["path"] + ": " + errors[0]["message"] if errors else ""
        super().__init__(f"{len(errors)} lỗi trong dữ liệu đầu vào; lỗi đầu tiên: {first}")
