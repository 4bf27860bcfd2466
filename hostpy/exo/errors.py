"""The one exception hierarchy of the host package: every error a user can see is an ExoError."""

from __future__ import annotations


class ExoError(Exception):
    """Base of every error the exo package raises on purpose."""


class BoardError(ExoError):
    """A board file is missing, unreadable or inconsistent."""


class LinkError(ExoError):
    """The serial line failed: no port, no answer, closed, or a protocol mismatch."""


class FrameError(LinkError):
    """A frame failed COBS, length, version or CRC checks."""


class ImageError(ExoError):
    """A libOS image (ELF) was refused; the message says which check failed."""


class RemoteError(ExoError):
    """The target answered a request with an EXO_E* error."""

    def __init__(self, code: int, message: str = "", request: str = ""):
        self.code = code
        self.message = message
        self.request = request
        what = f"{request}: " if request else ""
        super().__init__(f"{what}target error {code}{': ' + message if message else ''}")
