"""The host link on a real target (QEMU by default): banner, HELLO, INFO against the board file,
streams of PINGs, noise on the line, replay of a duplicated request, and BYE."""

from __future__ import annotations

import random

import pytest

import exo
from exo.link import schema
from exo.link.schema import Frame, MsgType

pytestmark = pytest.mark.qemu


def test_boot_banner_fields_match_the_board(exo_qemu, exo_board):
    banner = exo_qemu.banner()
    assert banner.version == exo.__version__
    assert banner.board == exo_board.name
    assert banner.mem_mib == exo_board.ram_size >> 20
    assert 0 < banner.pages_free <= banner.pages_total < exo_board.ram_size // 4096
    assert banner.pmp == exo_board.pmp_entries


def test_hello(exo_target, exo_board):
    hello = exo_target.hello()
    assert hello.protocol == schema.PROTOCOL
    assert hello.board == exo_board.name and hello.version == exo.__version__
    assert hello.max_body == schema.MAX_BODY and hello.window == schema.DEFAULT_WINDOW
    assert hello.build_id


def test_info_fields_match_the_board_file(exo_target, exo_board):
    info = exo_target.info()
    assert info["board"] == exo_board.name and info["build_id"] == exo_target.hello().build_id
    assert info["ram_base"] == exo_board.ram_base and info["ram_size"] == exo_board.ram_size
    assert info["uart_base"] == exo_board.uart_base
    assert info["timebase_hz"] == exo_board.timer_hz
    assert info["pmp_entries"] == exo_board.pmp_entries
    assert info["page_size"] == 4096
    assert exo_board.ram_base <= info["kernel_base"] < info["kernel_end"]
    ram_end = exo_board.ram_base + exo_board.ram_size
    assert info["pages_total"] == (ram_end - info["kernel_end"]) // 4096
    assert info["pages_free"] == info["pages_total"]
    assert info["executed"] >= 1 and info["rx_bad_crc"] == 0


def test_a_thousand_pings_of_random_sizes(exo_target):
    rng = random.Random(1000)
    payloads = [rng.randbytes(rng.randint(0, schema.MAX_BODY)) for _ in range(1000)]
    payloads[:3] = [b"", bytes(schema.MAX_BODY), b"\x00" * 300]
    results = exo_target.ping_many(payloads)  # checks every echo
    assert [r.size for r in results] == [len(p) for p in payloads]
    info = exo_target.info()
    assert info["rx_bad_cobs"] == info["rx_bad_crc"] == info["rx_bad_length"] == 0


def test_garbage_and_partial_frames_between_requests(exo_target):
    rng = random.Random(7)
    s = exo_target.session
    before = exo_target.info()
    for i in range(30):
        partial = schema.encode(Frame(MsgType.PING, 0, rng.randrange(65536), rng.randbytes(100)))
        noise = [
            rng.randbytes(rng.randint(1, 600)),  # random bytes, zeros included
            partial[: rng.randint(2, len(partial) - 2)],  # a frame cut short
            bytes(rng.randint(1, 255) for _ in range(rng.randint(1, 40))),  # no delimiter at all
        ][i % 3]
        s.send_raw(noise)
        payload = f"answered after noise {i}".encode()
        assert exo_target.ping(payload).size == len(payload)
    after = exo_target.info()
    dropped = sum(
        after[k] - before[k] for k in after if k.startswith("rx_bad") or k == "rx_overflow"
    )
    assert dropped >= 10


def test_duplicated_request_is_executed_once(exo_target, until):
    s = exo_target.session
    p = s.submit(MsgType.INFO)
    first = s.wait(p)
    unmatched = s.stats.unmatched
    s.send_raw(p.wire)  # the very same request again: same seq, same type
    assert until(lambda: s.stats.unmatched == unmatched + 1)
    replayed = s.unmatched[-1]
    assert replayed == first  # byte for byte: the same uptime, so it was not run again
    was, now = schema.parse_body(first), exo_target.info()
    assert now["executed"] - was["executed"] == 1  # only this INFO ran
    assert now["replays"] - was["replays"] == 1


def test_bye_returns_to_terminal_mode(exo_target):
    exo_target.disconnect()
    # In terminal mode the target answers nothing but HELLO.
    exo_target.transport.write(schema.encode(Frame(MsgType.PING, 0, 4242, b"anyone?")))
    heard = bytearray()
    for _ in range(10):
        heard += exo_target.transport.read(4096, 0.1)
    answers = [x for x in schema.StreamDecoder().feed(bytes(heard)) if isinstance(x, Frame)]
    assert answers == []
    assert exo_target.hello().board  # a new HELLO opens a new session
    assert exo_target.ping(b"back").size == 4


def test_keepalive_holds_the_session_past_the_target_timeout(exo_target, until):
    s = exo_target.session
    was, retries = exo_target.info(), s.stats.retries
    assert until(lambda: s.stats.keepalives >= 6, limit=20)  # > SESSION_TIMEOUT (5 s) idle
    now = exo_target.info()  # answered in the same session: no new HELLO was needed
    assert s.stats.retries == retries
    assert now["executed"] - was["executed"] == s.stats.keepalives + 1
