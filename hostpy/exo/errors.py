"""The one exception hierarchy of the host package: every error a user can see is an ExoError."""

from __future__ import annotations

from pathlib import Path

from .abi import error_name


class ExoError(Exception):
    """Base of every error the exo package raises on purpose."""


class BoardError(ExoError):
    """A board file is missing, unreadable or inconsistent."""


class LinkError(ExoError):
    """The serial line failed: no port, no answer, closed, or a protocol mismatch."""


class PortError(LinkError):
    """The serial port could not be opened (wrong path, no such device, no port given)."""

    def __init__(self, message: str, port: str | None = None):
        self.port = port
        super().__init__(message)


class NoAnswerError(LinkError):
    """A request got no valid response after every retry."""


class ProtocolError(LinkError):
    """The target speaks another protocol version, or answered with something unexpected."""


class FrameError(LinkError):
    """A frame failed COBS, length, version or CRC checks; `reason` names the check."""

    reason: str = ""


class ExpectError(LinkError):
    """Output the host waited for did not come: says what was expected, what came, and the log."""

    def __init__(self, expected: str, buffer: bytes, log_path: Path | None = None, what: str = ""):
        self.expected = expected
        self.buffer = buffer
        self.log_path = log_path
        tail = buffer[-400:].decode("utf-8", "replace")
        where = f"; serial log: {log_path}" if log_path else ""
        super().__init__(f"{what or 'timed out'}: expected {expected!r}, got {tail!r}{where}")


class QemuError(ExoError):
    """QEMU could not be started, did not come up, or its firmware is missing."""


class ImageError(ExoError):
    """A libOS image (ELF) was refused; the message says which check failed."""


class RemoteError(ExoError):
    """The target answered a request with an EXO_E* error."""

    def __init__(self, code: int, message: str = "", request: str = ""):
        self.code = code
        self.message = message
        self.request = request
        what = f"{request}: " if request else ""
        detail = f": {message}" if message else ""
        super().__init__(f"{what}target error {error_name(code)} ({code}){detail}")


class BundleError(ExoError):
    """A boot bundle could not be built, or a blob is not a valid bundle."""
