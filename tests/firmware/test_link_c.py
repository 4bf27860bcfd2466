"""The firmware's link code (COBS, CRC-32, frames, stream decoder) on the host, via link_harness.c.

Python's `cobs` package, `zlib.crc32` and a struct-built frame are the oracles; hypothesis finds
the inputs, and a seeded corruption run of over 100,000 cases checks for false accepts.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Iterator

import hostbuild
import pytest
from cobs import cobs
from hypothesis import given, settings
from hypothesis import strategies as st

SOURCES = [
    "tests/firmware/link_harness.c",
    "firmware/link/cobs.c",
    "firmware/link/crc32.c",
    "firmware/link/frame.c",
    "firmware/link/stream.c",
]
MAX_BODY = 1024
MAX_RAW = 7 + MAX_BODY + 4
MAX_ENCODED = MAX_RAW + MAX_RAW // 254 + 1
HEADER = struct.Struct("<BBBHH")


class Harness(hostbuild.LineHarness):
    """One harness process; commands are answered in order, one line each (feed: until `end`)."""

    def __init__(self) -> None:
        super().__init__(hostbuild.build("link_harness", SOURCES))

    def feed(self, data: bytes) -> list[str]:
        return self.ask_until_end(f"feed {hx(data)}")


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    yield h
    h.close()


def hx(data: bytes) -> str:
    return data.hex() if data else "-"


def unhx(text: str) -> bytes:
    return b"" if text == "-" else bytes.fromhex(text)


def raw_frame(ftype: int, flags: int, seq: int, body: bytes, version: int = 1) -> bytes:
    head = HEADER.pack(version, ftype, flags, seq, len(body)) + body
    return head + struct.pack("<I", zlib.crc32(head))


def wire(ftype: int, flags: int, seq: int, body: bytes) -> bytes:
    return cobs.encode(raw_frame(ftype, flags, seq, body)) + b"\x00"


bodies = st.binary(max_size=MAX_BODY)
frames = st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 65535), bodies)


def test_crc_check_value(harness: Harness) -> None:
    assert harness.ask(f"crc {b'123456789'.hex()}") == "ok cbf43926"
    assert harness.ask("crc -") == "ok 00000000"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_crc_matches_zlib(harness: Harness, data: bytes) -> None:
    assert harness.ask(f"crc {hx(data)}") == f"ok {zlib.crc32(data):08x}"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=1200) | st.lists(st.sampled_from([0, 1, 255]), max_size=800).map(bytes))
def test_cobs_round_trip_matches_python(harness: Harness, data: bytes) -> None:
    answer = harness.ask(f"cobs-enc {hx(data)}")
    assert answer.startswith("ok ")
    encoded = unhx(answer[3:])
    assert b"\x00" not in encoded
    assert encoded == cobs.encode(data)
    assert harness.ask(f"cobs-dec {hx(encoded)}") == f"ok {hx(data)}"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=600))
def test_cobs_decoder_total_and_agrees_with_python(harness: Harness, data: bytes) -> None:
    answer = harness.ask(f"cobs-dec {hx(data)}")
    try:
        expected = f"ok {hx(cobs.decode(data))}"
    except cobs.DecodeError:
        expected = "err"
    assert answer == expected


@settings(max_examples=300, deadline=None)
@given(frames)
def test_frame_round_trip_matches_python(harness: Harness, frame: tuple) -> None:
    ftype, flags, seq, body = frame
    data = wire(ftype, flags, seq, body)
    assert harness.ask(f"frame-enc {ftype} {flags} {seq} {hx(body)}") == f"ok {data.hex()}"
    assert harness.ask(f"frame-dec {data[:-1].hex()}") == f"ok {ftype} {flags} {seq} {hx(body)}"


def test_frame_rejections_name_their_reason(harness: Harness) -> None:
    good = raw_frame(3, 0, 7, b"abc")

    def dec(raw: bytes) -> str:
        return harness.ask(f"frame-dec {hx(cobs.encode(raw))}")

    assert dec(good) == "ok 3 0 7 616263"
    assert harness.ask("frame-dec 0200") == "err cobs"
    assert harness.ask("frame-dec 05aa") == "err cobs"
    assert dec(good[:10]) == "err short"
    assert dec(good[:-1]) == "err length"  # length field says 3, only 2 body bytes
    too_long = HEADER.pack(1, 3, 0, 7, MAX_BODY + 1) + bytes(MAX_BODY + 1)
    assert dec(too_long + struct.pack("<I", zlib.crc32(too_long))) == "err length"
    assert dec(good[:-1] + bytes([good[-1] ^ 1])) == "err crc"
    assert dec(raw_frame(3, 0, 7, b"abc", version=2)) == "err version"
    biggest = raw_frame(4, 1, 65535, bytes(range(256)) * 4)
    assert dec(biggest).startswith("ok 4 1 65535 ")


def test_feed_streams_frames_and_drops(harness: Harness) -> None:
    harness.feed(b"\x00")  # a clean start whatever earlier tests left
    a, b = wire(1, 0, 1, b"\x01\x00"), wire(3, 0, 2, b"")
    assert harness.feed(b"\x00\x00" + a + b"\x00" + b) == ["frame 1 0 1 0100", "frame 3 0 2 -"]
    # Split anywhere, including inside a frame: state persists between feeds.
    assert harness.feed(a[:3]) == []
    assert harness.feed(a[3:]) == ["frame 1 0 1 0100"]
    assert harness.feed(b"junk\x00") == ["drop cobs"]  # 'j' promises more bytes than follow
    assert harness.feed(b"\x03ab\x00") == ["drop short"]
    assert harness.feed(b"\x07" * 5000) == []
    assert harness.feed(b"\x00" + a) == ["drop overflow", "frame 1 0 1 0100"]
    assert harness.feed(b"\x05\x01\x00") == ["drop cobs"]
    # The limit: the longest encoding of the largest frame fits, one byte more does not.
    assert harness.feed(b"\x02" * MAX_ENCODED + b"\x00") == ["drop length"]
    assert harness.feed(b"\x02" * (MAX_ENCODED + 1) + b"\x00") == ["drop overflow"]
    biggest = wire(0xFF, 0xFF, 0xFFFF, b"\xff" * MAX_BODY)
    assert len(biggest) - 1 == MAX_ENCODED
    assert harness.feed(biggest) == [f"frame 255 255 65535 {'ff' * MAX_BODY}"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_feed_is_total_on_arbitrary_bytes(harness: Harness, data: bytes) -> None:
    for line in harness.feed(data):
        kind, rest = line.split(" ", 1)
        assert kind in ("frame", "drop")
        if kind == "drop":
            assert rest in ("cobs", "short", "length", "crc", "version", "overflow")
    # Whatever came before, a delimiter then a good frame is always received.
    lines = harness.feed(b"\x00" + wire(2, 0, 9, b"x"))
    assert lines[-1] == "frame 2 0 9 78"
    assert all(line.startswith("drop ") for line in lines[:-1])


def test_stream_decoder_agrees_with_frame_dec(harness: Harness) -> None:
    """For any run between delimiters, feed gives the verdict frame-dec gives (overflow aside)."""
    rng = random.Random(11)
    harness.feed(b"\x00")
    runs = []
    for _ in range(3000):
        enc = wire(*random_frame(rng))[:-1]
        runs.append(corrupt(rng, enc, enc) if rng.random() < 0.8 else enc)
    runs = [run for run in runs if run]
    verdicts = harness.batch([f"frame-dec {hx(run)}" for run in runs])
    lines = harness.feed(b"".join(run + b"\x00" for run in runs))
    expected = [
        "drop overflow"  # the decoder holds no more than the largest frame's encoding
        if len(run) > MAX_ENCODED
        else v.replace("ok ", "frame ", 1)
        if v.startswith("ok ")
        else v.replace("err ", "drop ", 1)
        for run, v in zip(runs, verdicts, strict=True)
    ]
    assert "drop overflow" in expected and "drop cobs" in expected and "drop crc" in expected
    assert lines == expected


def corrupt(rng: random.Random, enc: bytes, other: bytes) -> bytes:
    """One corruption of an encoded frame (no delimiters in the result)."""
    kind = rng.randrange(6)
    b = bytearray(enc)
    if kind == 0:  # 1..4 bit flips
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    elif kind == 1:  # a burst of random bytes
        start = rng.randrange(len(b))
        for i in range(start, min(len(b), start + rng.randint(1, 16))):
            b[i] = rng.randrange(256)
    elif kind == 2:  # truncation
        del b[rng.randrange(len(b)) :]
    elif kind == 3:  # insertion
        at = rng.randrange(len(b) + 1)
        b[at:at] = rng.randbytes(rng.randint(1, 8))
    elif kind == 4:  # two frames merged (the delimiter between them lost)
        b += other
    else:  # garbage
        b = bytearray(rng.randbytes(rng.randint(0, 64)))
    return bytes(b).replace(b"\x00", b"\x01")  # keep it one run between delimiters


def random_frame(rng: random.Random) -> tuple[int, int, int, bytes]:
    size = rng.choice([0, 1, 2, rng.randint(0, 40), rng.randint(0, 300), rng.randint(0, MAX_BODY)])
    return rng.randrange(256), rng.randrange(8), rng.randrange(65536), rng.randbytes(size)


def test_corruption_never_false_accepted(harness: Harness) -> None:
    rng = random.Random(0xE70)
    cases, false_accepts, rejected = 0, 0, 0
    for _ in range(25):
        commands, originals = [], []
        for _ in range(4200):
            frame = random_frame(rng)
            enc = wire(*frame)[:-1]
            bad = corrupt(rng, enc, wire(*random_frame(rng))[:-1])
            if not bad:
                continue
            commands.append(f"frame-dec {bad.hex()}")
            originals.append((frame, bad == enc))
        for answer, (frame, unchanged) in zip(harness.batch(commands), originals, strict=True):
            cases += 1
            ftype, flags, seq, body = frame
            if answer.startswith("ok "):
                if not unchanged and answer != f"ok {ftype} {flags} {seq} {hx(body)}":
                    false_accepts += 1
            else:
                rejected += 1
    assert cases >= 100_000
    assert false_accepts == 0
    assert rejected > cases * 0.99


def test_stream_of_good_and_bad_frames(harness: Harness) -> None:
    """Good frames between corrupted ones, noise and overflow all arrive, in order, once."""
    rng = random.Random(7)
    harness.feed(b"\x00")
    for _ in range(20):
        stream, expected = bytearray(), []
        for _ in range(200):
            frame = random_frame(rng)
            enc = wire(*frame)[:-1]
            choice = rng.randrange(4)
            if choice == 0:
                stream += b"\x00" + enc + b"\x00"
                ftype, flags, seq, body = frame
                expected.append(f"frame {ftype} {flags} {seq} {hx(body)}")
            elif choice == 1:
                bad = corrupt(rng, enc, enc)
                stream += b"\x00" + bad + b"\x00"
                if bad == enc:  # flips that cancel out leave a good frame
                    ftype, flags, seq, body = frame
                    expected.append(f"frame {ftype} {flags} {seq} {hx(body)}")
            elif choice == 2:
                stream += rng.randbytes(rng.randint(0, 100))  # raw noise, zeros included
            else:
                stream += b"\x5a" * rng.randint(1000, 2500)  # a run too long for any frame
        stream += b"\x00"
        lines = harness.feed(bytes(stream))
        assert [line for line in lines if line.startswith("frame")] == expected
