"""Golden frames built from the schema: every message of docs/link.md and edge body sizes.

tests/golden/frames.txt holds them; the firmware's C tests decode and re-encode each one.
Regenerate after a deliberate schema change: `python -m exo.link.golden > tests/golden/frames.txt`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from .schema import (
    INFO_RESPONSE,
    MAX_BODY,
    NO_ARGS,
    NO_FAULT,
    NO_SLOT,
    WIRE_ANY,
    Flag,
    Frame,
    LogLevel,
    MsgType,
    build_body,
    encode,
)

RESP, EV, ERR = Flag.RESPONSE, Flag.EVENT, Flag.RESPONSE | Flag.ERROR


def _request(name: str, t: MsgType, seq: int, fields: dict) -> tuple[str, Frame]:
    return name, Frame(t, 0, seq, build_body(t, "request", fields))


def _response(name: str, t: MsgType, seq: int, fields: dict) -> tuple[str, Frame]:
    return name, Frame(t, RESP, seq, build_body(t, "response", fields))


def _event(name: str, t: MsgType, seq: int, fields: dict) -> tuple[str, Frame]:
    return name, Frame(t, EV, seq, build_body(t, "event", fields))


def _link_frames() -> Iterator[tuple[str, Frame]]:
    hello = dict(protocol=1, max_body=MAX_BODY, window=8, board="qemu-virt")
    hello |= dict(version="0.1.0", build_id="abc1234")
    info = {sc.name: 0 for sc in INFO_RESPONSE.subcons if sc.name}
    info |= dict(board="qemu-virt", version="0.1.0", build_id="abc1234", ram_base=0x80000000)
    info |= dict(ram_size=128 << 20, kernel_base=0x80000000, kernel_end=0x80010000)
    info |= dict(page_size=4096, pages_total=32752, pages_free=32752, pmp_entries=16)
    info |= dict(timebase_hz=10_000_000, uptime_ticks=123456789, uart_base=0x10000000)
    info |= dict(rx_frames=3, executed=2, replays=1)
    yield _request("hello-request", MsgType.HELLO, 0x1234, {"protocol": 1})
    yield _response("hello-response", MsgType.HELLO, 0x1234, hello)
    yield "bye-request", Frame(MsgType.BYE, 0, 7, b"")
    yield "bye-response", Frame(MsgType.BYE, RESP, 7, b"")
    yield "info-request", Frame(MsgType.INFO, 0, 0xFFFF, b"")
    yield _response("info-response", MsgType.INFO, 0xFFFF, info)
    log = {"level": LogLevel.INFO, "text": "exo booted"}
    yield _event("log-event", MsgType.LOG, 0, log)
    console = {"env": 0x10001, "offset": 0x1_0000_0002, "data": b">>> \x00\xff"}
    yield _event("console-event", MsgType.CONSOLE, 1, console)
    enosys = {"code": -2, "message": "no such message"}
    yield "error-response", Frame(0x7F, ERR, 9, build_body(MsgType.PING, "error", enosys))


def _env_frames() -> Iterator[tuple[str, Frame]]:
    begin = dict(name="hello", base_ppn=0x80020, pages=3, image_size=8192 + 12, entry=0)
    begin |= dict(args=8192, crc=0xCBF43926, rights=bytes([5, 1, 3]))
    yield _request("env-load-begin-request", MsgType.ENV_LOAD_BEGIN, 20, begin)
    yield _response("env-load-begin-response", MsgType.ENV_LOAD_BEGIN, 20, {"env": 0x10001})
    no_args = begin | dict(name="a", pages=1, image_size=4096, args=NO_ARGS, rights=b"\x05")
    yield _request("env-load-begin-no-args", MsgType.ENV_LOAD_BEGIN, 21, no_args)
    chunk = {"env": 0x10001, "offset": 4096, "data": bytes(range(1, 200))}
    yield _request("env-load-chunk-request", MsgType.ENV_LOAD_CHUNK, 22, chunk)
    yield _response("env-load-chunk-response", MsgType.ENV_LOAD_CHUNK, 22, {})
    yield _request("env-load-commit-request", MsgType.ENV_LOAD_COMMIT, 23, {"env": 0x10001})
    slots3 = {"env": 0x10001, "slots": 3}
    yield _request("env-load-commit-slots", MsgType.ENV_LOAD_COMMIT, 32, slots3)
    yield _request("env-load-commit-no-slots", MsgType.ENV_LOAD_COMMIT, 33, slots3 | {"slots": 0})
    yield _response("env-load-commit-response", MsgType.ENV_LOAD_COMMIT, 23, {})
    yield _request("env-load-abort-request", MsgType.ENV_LOAD_ABORT, 24, {"env": 0x20003})
    yield _response("env-load-abort-response", MsgType.ENV_LOAD_ABORT, 24, {})
    eio = {"code": -12, "message": "CRC mismatch"}
    eio_body = build_body(MsgType.ENV_LOAD_COMMIT, "error", eio)
    yield "env-load-commit-eio", Frame(MsgType.ENV_LOAD_COMMIT, ERR, 25, eio_body)
    yield _request("env-list-request", MsgType.ENV_LIST, 26, {"first": 0})
    dead = dict(id=0x10001, state=4, exit_code=0, pages=0, cause=NO_FAULT, pc=0, addr=0)
    stopped = dict(id=0x20002, state=3, exit_code=0, pages=5, cause=7, pc=0x80021004)
    stopped |= dict(addr=0x80000000)
    listed = {"next": 3, "envs": [dead | {"name": "hello"}, stopped | {"name": "probe-7"}]}
    yield _response("env-list-response", MsgType.ENV_LIST, 26, listed)
    yield _response("env-list-empty", MsgType.ENV_LIST, 27, {"next": 0xFFFF, "envs": []})
    yield _request("env-kill-request", MsgType.ENV_KILL, 28, {"env": 0x20002})
    yield _response("env-kill-response", MsgType.ENV_KILL, 28, {"pages": 5})
    yield _request("pages-request", MsgType.PAGES, 29, {"first": 0x80010})
    runs = [
        dict(pages=16, owner=0, rights=0),
        dict(pages=2, owner=0x20002, rights=5),
        dict(pages=32734, owner=0, rights=0),
    ]
    pages = dict(page_first=0x80010, page_count=32752, next=0x80010 + 32752, runs=runs)
    yield _response("pages-response", MsgType.PAGES, 29, pages)
    attach = {"env": WIRE_ANY, "backlog": 1}
    yield _request("console-attach-request", MsgType.CONSOLE_ATTACH, 30, attach)
    yield _response("console-attach-response", MsgType.CONSOLE_ATTACH, 30, {})
    typed = {"env": 0x10001, "data": b"print(1)\r"}
    yield _request("console-input-request", MsgType.CONSOLE_INPUT, 31, typed)
    yield _response("console-input-response", MsgType.CONSOLE_INPUT, 31, {"accepted": 9})
    fault = dict(env=0x20002, cause=7, pc=0x80021004, addr=0x80000000)
    yield _event("fault-event", MsgType.FAULT, 2, fault)
    yield _event("exit-event", MsgType.EXIT, 3, {"env": 0x10001, "code": -1})
    revoke = dict(env=0x20002, kind=1, count=100, deadline_ms=250)
    yield _request("revoke-request", MsgType.REVOKE, 34, revoke)
    yield _request("revoke-slots-request", MsgType.REVOKE, 35, revoke | dict(kind=2, count=1))
    yield _response("revoke-response", MsgType.REVOKE, 34, {})
    yield "slots-request", Frame(MsgType.SLOTS, 0, 36, b"")
    owners = [0x10001, 0x10001, 0, 0x20002] + [0] * 28
    slots = dict(slot_count=32, slot_ticks=10000, current=1, owners=owners)
    yield _response("slots-response", MsgType.SLOTS, 36, slots)
    idle = dict(slot_count=1, slot_ticks=0xFFFFFFFF, current=NO_SLOT, owners=[0])
    yield _response("slots-idle", MsgType.SLOTS, 37, idle)
    revoked = dict(env=0x20002, kind=1, requested=100, given=60, taken=40)
    yield _event("revoked-event", MsgType.REVOKED, 4, revoked)
    ebusy = {"code": -6, "message": "a revocation is pending"}
    ebusy_body = build_body(MsgType.REVOKE, "error", ebusy)
    yield "revoke-ebusy", Frame(MsgType.REVOKE, ERR, 38, ebusy_body)


def golden_frames() -> Iterator[tuple[str, Frame]]:
    """Named frames covering every message and edge body sizes, for the C side's golden tests."""
    yield from _link_frames()
    yield from _env_frames()
    # Body sizes at the edges of MAX_BODY and of COBS's 254-byte blocks (raw = body + 11).
    for size in (0, 1, 242, 243, 244, 253, 254, 255, 1024):
        body = bytes((i * 7 + size) % 256 for i in range(size))
        yield f"ping-{size}", Frame(MsgType.PING, 0, size, body)
        yield f"ping-zeros-{size}", Frame(MsgType.PING, RESP, size + 1, bytes(size))


def golden_text() -> str:
    """One line per golden frame: name type flags seq body-hex wire-hex ("-" for empty)."""
    lines = ["# name type flags seq body wire (generated by `python -m exo.link.golden`)"]
    for name, f in golden_frames():
        wire = encode(f, leading=False)
        lines.append(f"{name} {f.type} {int(f.flags)} {f.seq} {f.body.hex() or '-'} {wire.hex()}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(golden_text())
