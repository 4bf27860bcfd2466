"""Loading an image into a new env: choose a run of free pages, relocate, stream, commit.

docs/link.md ("Loading") is the target's half; docs/images.md says what an image is. The plan
is pure (it needs only the image and the page map), so tests check it without a target; the
streaming keeps the window full, skips chunks that are all zero (the target zeroes the pages
it binds) and aborts the load on any error or interruption.
"""

from __future__ import annotations

import collections
import contextlib
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .abi import PAGE_SHIFT, PAGE_SIZE, Perm
from .envs import PageMap
from .errors import ExoError, ImageError, LinkError
from .image import Image, load_image
from .link import schema
from .link.schema import MsgType
from .link.session import Pending, Session

NAME_MAX = 15  # EXO_ENV_NAME_MAX less its NUL
CHUNK_HEADER = 8  # env and offset before a chunk's data
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LoadPlan:
    """Everything ENV_LOAD_BEGIN says, and the bytes the chunks carry."""

    name: str
    base_ppn: int
    rights: bytes  # one EXO_PERM_* set per page, none zero
    data: bytes  # image_size bytes: the relocated image, then the argument block if any
    entry: int  # offset from the run's base
    args: int  # offset of the argument block, or schema.NO_ARGS

    @property
    def pages(self) -> int:
        return len(self.rights)

    @property
    def crc(self) -> int:
        return zlib.crc32(self.data)

    def begin_body(self) -> bytes:
        fields = dict(name=self.name, base_ppn=self.base_ppn, pages=self.pages)
        fields |= dict(image_size=len(self.data), entry=self.entry, args=self.args)
        fields |= dict(crc=self.crc, rights=self.rights)
        return schema.build_body(MsgType.ENV_LOAD_BEGIN, "request", fields)


def args_block(args: Sequence[str]) -> bytes:
    """NUL-separated strings ending in an empty one (exo/abi.h, "Env start-up")."""
    out = bytearray()
    for a in args:
        raw = a.encode()
        if b"\0" in raw:
            raise ExoError(f"argument {a!r} contains a NUL byte")
        out += raw + b"\0"
    return bytes(out + b"\0")


def check_name(name: str) -> str:
    """An env name the target accepts: 1 to 15 printable ASCII characters."""
    if not 1 <= len(name) <= NAME_MAX or not all(" " < c <= "~" for c in name):
        raise ExoError(
            f"env name {name!r}: use 1 to {NAME_MAX} printable ASCII characters without spaces"
        )
    return name


def default_name(path: str) -> str:
    """An env name from an image's file name: its stem, cut to what the target takes."""
    stem = "".join(c for c in Path(path).stem if c.isascii() and (c.isalnum() or c in "._-"))
    return stem[:NAME_MAX] or "image"


def choose_run(pages: PageMap, needed: int) -> int:
    """The first page of the lowest run of at least `needed` free pages."""
    runs = pages.free_runs()
    for run in runs:
        if run.pages >= needed:
            return run.first
    largest = max((r.pages for r in runs), default=0)
    raise ExoError(
        f"not enough memory: the image needs {needed} contiguous free pages "
        f"({needed * PAGE_SIZE // 1024} KiB) and the largest free run is {largest} pages "
        f"({pages.free_pages} free in all); kill an env (`exo ps`, `exo kill`) to make room"
    )


def plan_load(image: Image, pages: PageMap, name: str, args: Sequence[str] = ()) -> LoadPlan:
    """Where the image goes and what is sent; raises ExoError if no run is big enough."""
    check_name(name)
    block = args_block(args) if args else b""
    if len(block) > PAGE_SIZE:
        raise ExoError(f"the arguments take {len(block)} bytes; at most {PAGE_SIZE} fit")
    # A page no segment covers still needs a right for the target; read-only of zeros is safe.
    rights = bytes(int(r) or Perm.R for r in image.page_rights)
    if block:
        rights += bytes([Perm.R])
    base_ppn = choose_run(pages, len(rights))
    data = image.relocate(base_ppn << PAGE_SHIFT) + block
    args_at = image.span if block else schema.NO_ARGS
    return LoadPlan(name, base_ppn, rights, data, image.entry, args_at)


def chunks(data: bytes, size: int) -> list[tuple[int, bytes]]:
    """(offset, bytes) of every chunk of `size` that is not all zero."""
    out = []
    for at in range(0, len(data), size):
        piece = data[at : at + size]
        if piece.count(0) != len(piece):
            out.append((at, piece))
    return out


def commit_body(env: int, slots: int = 1) -> bytes:
    """ENV_LOAD_COMMIT's body: the env, and the slots to give it unless the default 1."""
    check_slots(slots)
    fields = dict(env=env, slots=None if slots == 1 else slots)
    return schema.build_body(MsgType.ENV_LOAD_COMMIT, "request", fields)


def check_slots(slots: int) -> int:
    if not 0 <= slots <= 255:
        raise ExoError(f"slots {slots}: give 0 (runs only when donated to) to 255")
    return slots


def stream(
    session: Session, plan: LoadPlan, progress: Progress | None = None, slots: int = 1
) -> int:
    """BEGIN, the chunks with up to WINDOW in flight, COMMIT (giving the env `slots` free
    slots of the time-slice vector); the new env's id.

    Any error or interruption after BEGIN sends ABORT before it propagates, so no page stays
    bound (the target also destroys a LOADING env when the session ends)."""
    hello = session.hello
    if hello is None:
        raise LinkError("load needs an open session")
    check_slots(slots)
    begin = session.request(MsgType.ENV_LOAD_BEGIN, plan.begin_body())
    env = schema.parse_body(begin)["env"]
    total = len(plan.data)
    inflight: collections.deque[tuple[Pending, int]] = collections.deque()
    try:
        done = 0
        if progress:
            progress(0, total)
        size = hello.max_body - CHUNK_HEADER
        sent_to = 0  # bytes before this offset are sent or skipped
        for offset, piece in chunks(plan.data, size):
            skipped = offset - sent_to  # zero chunks count as done once reached
            body = schema.build_body(
                MsgType.ENV_LOAD_CHUNK, "request", dict(env=env, offset=offset, data=piece)
            )
            while inflight and (len(inflight) >= hello.window or inflight[0][0].done.is_set()):
                p, n = inflight.popleft()
                session.wait(p)
                done += n
                if progress:
                    progress(done, total)
            inflight.append((session.submit(MsgType.ENV_LOAD_CHUNK, body), skipped + len(piece)))
            sent_to = offset + len(piece)
        while inflight:
            p, n = inflight.popleft()
            session.wait(p)
            done += n
        session.request(MsgType.ENV_LOAD_COMMIT, commit_body(env, slots))
        if progress:
            progress(total, total)
    except BaseException:
        _abort(session, env, inflight)
        raise
    return env


def _env_body(msg_type: MsgType, env: int) -> bytes:
    return schema.build_body(msg_type, "request", {"env": env})


def _abort(session: Session, env: int, inflight) -> None:
    """Let the chunks in flight settle (their answers no longer matter), then ABORT."""
    for p, _ in inflight:
        with contextlib.suppress(ExoError):
            session.wait(p)
    with contextlib.suppress(ExoError):
        session.request(MsgType.ENV_LOAD_ABORT, _env_body(MsgType.ENV_LOAD_ABORT, env))


def image_for(source: Image | str | bytes, xlen: int) -> Image:
    """An Image from an Image, a path or ELF bytes."""
    if isinstance(source, Image):
        if source.xlen != xlen:
            raise ImageError(f"{source.name}: an rv{source.xlen} image for an rv{xlen} target")
        return source
    return load_image(source, xlen=xlen)
