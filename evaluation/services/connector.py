"""Connectors to the national database of cadres, civil servants and public employees.

A connector takes a package's bytes and its idempotency key and returns what the receiver
acknowledged. `HttpsConnector` posts the JSON package to a configured HTTPS endpoint with the
key in the ``Idempotency-Key`` header, and retries a failed attempt (connection error, timeout,
429 or 5xx) with the same key: a receiver that already stored the package answers as before, so
a retry never delivers twice. The answer names the records it accepted and those it confirmed
(stored in the national database); see docs/national-results.md.
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol


class DeliveryError(RuntimeError):
    """The package was not delivered (after every retry); it stays pending."""


@dataclass(frozen=True)
class Receipt:
    receipt: str  # the receiver's reference for the package
    accepted: frozenset[str]  # record ids received
    confirmed: frozenset[str] = field(default_factory=frozenset)  # record ids stored


class Connector(Protocol):
    def send(self, package: bytes, idempotency_key: str) -> Receipt: ...


RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass
class HttpsConnector:
    url: str
    token: str = ""
    ca_file: str | None = None  # a private CA of the receiver; default: the system's roots
    timeout: float = 20.0
    pauses: Sequence[float] = (1.0, 5.0, 30.0)  # seconds before each retry
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        if not self.url.startswith("https://"):
            raise ValueError("the national database endpoint must be an https:// URL")

    def send(self, package: bytes, idempotency_key: str) -> Receipt:
        context = ssl.create_default_context(cafile=self.ca_file)
        last = ""
        for attempt in range(len(self.pauses) + 1):
            if attempt:
                self.sleep(self.pauses[attempt - 1])
            request = urllib.request.Request(self.url, data=package, method="POST")  # noqa: S310 - https only (__post_init__)
            request.add_header("Content-Type", "application/json; charset=utf-8")
            request.add_header("Idempotency-Key", idempotency_key)
            if self.token:
                request.add_header("Authorization", f"Bearer {self.token}")
            try:
                with urllib.request.urlopen(  # noqa: S310 - https only (__post_init__)
                    request, timeout=self.timeout, context=context
                ) as r:
                    return _receipt(r.read())
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}"
                if error.code not in RETRYABLE:
                    raise DeliveryError(last) from error
            except (OSError, TimeoutError) as error:  # refused, reset, timed out, TLS
                last = f"{type(error).__name__}: {error}"
        raise DeliveryError(last)


def _receipt(body: bytes) -> Receipt:
    try:
        data = json.loads(body)
        return Receipt(
            receipt=str(data["receipt"]),
            accepted=frozenset(map(str, data.get("accepted", []))),
            confirmed=frozenset(map(str, data.get("confirmed", []))),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise DeliveryError("the receiver's answer is not a receipt") from error
