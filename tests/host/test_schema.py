"""The Python framing: properties (hypothesis) and corruption with zero false accepts."""

from __future__ import annotations

import random
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exo.errors import FrameError
from exo.link import golden, schema
from exo.link.schema import Drop, Flag, Frame, MsgType, StreamDecoder

frames = st.builds(
    Frame,
    type=st.integers(0, 255),
    flags=st.integers(0, 7),
    seq=st.integers(0, 0xFFFF),
    body=st.binary(max_size=schema.MAX_BODY),
)


@settings(deadline=None)  # a loaded machine must not fail a correct property
@given(frames)
def test_round_trip(frame):
    assert StreamDecoder().feed(schema.encode(frame)) == [frame]


@settings(deadline=None)
@given(frames)
def test_no_zero_inside_an_encoded_frame(frame):
    wire = schema.encode(frame, leading=False)
    assert wire[-1] == 0 and 0 not in wire[:-1]
    assert len(wire) - 1 <= schema.MAX_ENCODED


@settings(deadline=None)
@given(st.binary(max_size=4000), st.integers(1, 64))
def test_decoder_is_total_on_arbitrary_bytes(data, step):
    d = StreamDecoder()
    for i in range(0, len(data), step):
        for item in d.feed(data[i : i + step]):
            assert isinstance(item, Frame | Drop)
    assert len(d.buffer) <= schema.MAX_ENCODED


@settings(deadline=None)
@given(st.lists(frames, max_size=5), st.integers(1, 300))
def test_any_chunking_gives_the_same_frames(fs, step):
    wire = b"".join(schema.encode(f) for f in fs)
    d = StreamDecoder()
    out = []
    for i in range(0, len(wire), step):
        out += d.feed(wire[i : i + step])
    assert out == fs


def test_crc_is_zlib_crc32_with_the_ieee_check_value():
    assert zlib.crc32(b"123456789") == 0xCBF43926
    raw = schema.encode_raw(Frame(MsgType.PING, 0, 1, b"abc"))
    assert int.from_bytes(raw[-4:], "little") == zlib.crc32(raw[:-4])


def test_header_layout_is_the_contract():
    raw = schema.encode_raw(Frame(MsgType.INFO, Flag.RESPONSE, 0x1234, b"xy"))
    assert raw[:7] == bytes([1, 0x04, 0x01, 0x34, 0x12, 0x02, 0x00]) and raw[7:9] == b"xy"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x01" * 10, Drop.SHORT),
        (schema.encode_raw(Frame(3, 0, 1, b"ab")) + b"!", Drop.LENGTH),
        (
            schema.FRAME.build(
                dict(
                    header=dict(value=dict(version=2, type=3, flags=0, seq=0, length=0)),
                    body=b"",
                    crc=None,
                )
            ),
            Drop.VERSION,
        ),
    ],
)
def test_each_check_names_its_reason(raw, reason):
    with pytest.raises(FrameError) as e:
        schema.decode_raw(raw)
    assert e.value.reason == reason


def test_oversized_body_is_refused_on_both_sides():
    with pytest.raises(FrameError):
        schema.encode(Frame(MsgType.PING, 0, 0, bytes(schema.MAX_BODY + 1)))
    header = dict(version=1, type=3, flags=0, seq=0, length=schema.MAX_BODY + 1)
    raw = schema.FRAME.build(dict(header=dict(value=header), body=bytes(1025), crc=None))
    with pytest.raises(FrameError) as e:
        schema.decode_raw(raw)
    assert e.value.reason == Drop.LENGTH


@settings(deadline=None)
@given(
    st.builds(
        dict,
        protocol=st.integers(0, 0xFFFF),
        max_body=st.integers(0, 0xFFFF),
        window=st.integers(0, 255),
        board=st.text(max_size=20),
        version=st.text(max_size=20),
        build_id=st.text(max_size=20),
    )
)
def test_hello_body_round_trip(fields):
    frame = Frame(MsgType.HELLO, Flag.RESPONSE, 1, schema.HELLO_RESPONSE.build(fields))
    assert schema.parse_body(frame) == fields


@settings(deadline=None)
@given(st.integers(-(2**31), 2**31 - 1), st.text(max_size=100))
def test_error_body_round_trip(code, message):
    body = schema.build_body(MsgType.PING, "error", {"code": code, "message": message})
    frame = Frame(MsgType.PING, Flag.RESPONSE | Flag.ERROR, 1, body)
    assert schema.parse_body(frame) == {"code": code, "message": message}


def test_truncated_info_body_is_a_frame_error():
    body = next(f for n, f in _golden() if n == "info-response").body
    with pytest.raises(FrameError, match="malformed"):
        schema.parse_body(Frame(MsgType.INFO, Flag.RESPONSE, 1, body[:-1]))
    with pytest.raises(FrameError, match="malformed"):
        schema.parse_body(Frame(MsgType.INFO, Flag.RESPONSE, 1, body + b"\x00"))


def _golden():
    return list(golden.golden_frames())


def test_every_golden_body_parses():
    for name, frame in _golden():
        if frame.type in set(MsgType) and not name.startswith("ping"):
            assert schema.parse_body(frame) is not None, name


# ---- corruption: at least 100,000 cases, zero false accepts ---------------------------------


def _corrupt_cases(rng: random.Random, n: int):
    """Yield (kind, sent frames, bytes on the wire) with every sent frame damaged."""
    kinds = ("bitflip", "burst", "truncate", "insert", "merge", "garbage", "rawflip")
    for i in range(n):
        kind = kinds[i % len(kinds)]
        size = rng.choice((0, 1, 2, 10, 100, 242, 243, 244, 253, 254, 255, 600, schema.MAX_BODY))
        f = Frame(rng.randrange(256), rng.randrange(8), rng.randrange(65536), rng.randbytes(size))
        wire = bytearray(schema.encode(f, leading=False)[:-1])
        if kind == "bitflip":  # 1 to 3 bits anywhere in the encoded run
            for bit in rng.sample(range(len(wire) * 8), rng.randint(1, 3)):
                wire[bit // 8] ^= 1 << (bit % 8)
        elif kind == "burst":  # up to 32 consecutive bits, first and last flipped
            length = rng.randint(2, 32)
            start = rng.randrange(max(1, len(wire) * 8 - length))
            for bit in range(start, min(start + length, len(wire) * 8)):
                if bit in (start, start + length - 1) or rng.random() < 0.5:
                    wire[bit // 8] ^= 1 << (bit % 8)
        elif kind == "truncate":
            cut = rng.randrange(1, len(wire))  # keep a head or a tail, never the whole run
            wire = wire[:cut] if rng.random() < 0.5 else wire[cut:]
        elif kind == "insert":
            at = rng.randrange(len(wire) + 1)
            wire[at:at] = rng.randbytes(rng.randint(1, 8)).replace(b"\x00", b"\x01")
        elif kind == "merge":  # the delimiter between two frames is lost
            g = Frame(f.type, f.flags, (f.seq + 1) & 0xFFFF, rng.randbytes(rng.randint(0, 50)))
            wire += schema.encode(g, leading=False)[:-1]
        elif kind == "garbage":
            wire = bytearray(rng.randbytes(rng.randint(1, 1100)))
        elif kind == "rawflip":  # flips before COBS: the CRC alone must catch them
            raw = bytearray(schema.encode_raw(f))
            for bit in rng.sample(range(len(raw) * 8), rng.randint(1, 3)):
                raw[bit // 8] ^= 1 << (bit % 8)
            wire = bytearray(schema.cobs.encode(bytes(raw)))
        yield kind, f, b"\x00" + bytes(wire) + b"\x00"


@pytest.mark.parametrize("seed", range(4))
def test_corruption_is_never_accepted(seed):
    rng = random.Random(seed)
    cases = accepted = 0
    good = Frame(MsgType.PING, 0, 7, b"still in sync")
    for kind, f, wire in _corrupt_cases(rng, 25_200):
        d = StreamDecoder()
        out = d.feed(wire + schema.encode(good))
        got = [x for x in out if isinstance(x, Frame)]
        accepted += sum(1 for x in got if x != good) + (f in got)
        assert got[-1:] == [good], f"decoder lost sync after {kind}"
        cases += 1
    assert cases == 25_200
    assert accepted == 0


# -- the env, page and console messages ------------------------------------------------------

u32 = st.integers(0, 2**32 - 1)
u64 = st.integers(0, 2**64 - 1)
name = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=15)
env_entry = st.fixed_dictionaries(
    dict(id=u32, state=st.integers(0, 4), exit_code=st.integers(-(2**31), 2**31 - 1), pages=u32)
    | dict(cause=u32, pc=u64, addr=u64, name=name)
)
page_run = st.fixed_dictionaries(dict(pages=u32, owner=u32, rights=st.integers(0, 7)))


@settings(max_examples=200)
@given(
    st.sampled_from(
        [
            (MsgType.ENV_LIST, "response", st.fixed_dictionaries(
                {"next": st.integers(0, 0xFFFF), "envs": st.lists(env_entry, max_size=20)})),
            (MsgType.PAGES, "response", st.fixed_dictionaries(
                dict(page_first=u32, page_count=u32, next=u32,
                     runs=st.lists(page_run, max_size=100)))),
            (MsgType.CONSOLE, "event", st.fixed_dictionaries(
                dict(env=u32, offset=u64, data=st.binary(max_size=1012)))),
            (MsgType.FAULT, "event", st.fixed_dictionaries(
                dict(env=u32, cause=u32, pc=u64, addr=u64))),
            (MsgType.ENV_LOAD_CHUNK, "request", st.fixed_dictionaries(
                dict(env=u32, offset=u32, data=st.binary(min_size=1, max_size=1016)))),
        ]
    ).flatmap(lambda m: st.tuples(st.just(m[0]), st.just(m[1]), m[2])),
)  # fmt: skip
def test_env_messages_round_trip(case):
    msg, kind, fields = case
    body = schema.build_body(msg, kind, fields)
    flags = {"request": 0, "response": Flag.RESPONSE, "event": Flag.EVENT}[kind]
    assert schema.parse_body(Frame(msg, flags, 1, body)) == fields


@given(st.lists(st.integers(1, 7), min_size=1, max_size=900), name, u32, u32)
def test_load_begin_carries_one_right_a_page(rights, env_name, base, crc):
    fields = dict(name=env_name, base_ppn=base, pages=len(rights), image_size=4096, entry=0)
    fields |= dict(args=schema.NO_ARGS, crc=crc, rights=bytes(rights))
    body = schema.build_body(MsgType.ENV_LOAD_BEGIN, "request", fields)
    assert len(body) == 1 + len(env_name) + 24 + len(rights)
    assert schema.parse_body(Frame(MsgType.ENV_LOAD_BEGIN, 0, 1, body)) == fields
    with pytest.raises(FrameError, match="malformed"):  # a right missing: the sizes disagree
        schema.parse_body(Frame(MsgType.ENV_LOAD_BEGIN, 0, 1, body[:-1]))


def test_console_event_layout_is_env_offset_data():
    body = schema.build_body(MsgType.CONSOLE, "event", dict(env=0x10002, offset=3, data=b"ok"))
    assert body == bytes.fromhex("020001000300000000000000") + b"ok"
