"""Golden frames from the construct schema (tests/golden/frames.txt), checked on both sides:
the schema still produces them byte for byte, and the firmware's C link code, built for the host
as build/host-tests/link_harness, decodes each one and re-encodes it to the same bytes.

Every body in them also parses with the schema and builds back to the same bytes.

Regenerate after a deliberate schema change: `.venv/bin/python -m exo.link.golden >
tests/golden/frames.txt` (the firmware must then follow)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from exo.link import golden, schema

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("frames.txt")
HARNESS_SOURCES = [
    "tests/firmware/link_harness.c",
    "firmware/link/cobs.c",
    "firmware/link/crc32.c",
    "firmware/link/frame.c",
    "firmware/link/stream.c",
]


def golden_lines() -> list[list[str]]:
    return [line.split() for line in GOLDEN.read_text().splitlines() if not line.startswith("#")]


def test_schema_still_produces_the_golden_frames():
    assert golden.golden_text() == GOLDEN.read_text(), (
        "the schema changed; regenerate tests/golden/frames.txt (see this file's docstring)"
    )


@pytest.mark.parametrize("line", golden_lines(), ids=lambda line: line[0])
def test_python_decodes_each_golden_frame(line):
    name, t, flags, seq, body, wire = line
    [frame] = schema.StreamDecoder().feed(bytes.fromhex(wire))
    assert frame == schema.Frame(int(t), int(flags), int(seq), _unhex(body))


@pytest.mark.parametrize("line", golden_lines(), ids=lambda line: line[0])
def test_each_golden_body_parses_and_builds_back(line):
    name, t, flags, seq, body, wire = line
    frame = schema.Frame(int(t), int(flags), int(seq), _unhex(body))
    fields = schema.parse_body(frame)
    kind = "error" if frame.is_error else frame.kind
    assert schema.build_body(schema.msg_type(frame.type), kind, fields) == frame.body, name


def test_golden_frames_cover_every_message_type():
    types = {int(line[1]) for line in golden_lines()}
    assert {int(t) for t in schema.MsgType} <= types


def _unhex(text: str) -> bytes:
    return b"" if text == "-" else bytes.fromhex(text)


@pytest.fixture(scope="module")
def harness():
    missing = [s for s in HARNESS_SOURCES if not (ROOT / s).is_file()]
    if missing:
        pytest.skip(f"the C link harness is not there yet: missing {', '.join(missing)}")
    if shutil.which("cc") is None:
        pytest.skip("no host C compiler (cc) to build the link harness")
    spec = importlib.util.spec_from_file_location("hostbuild", ROOT / "tests/firmware/hostbuild.py")
    hostbuild = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostbuild)
    exe = hostbuild.build("link_harness", HARNESS_SOURCES)
    proc = subprocess.Popen(
        [str(exe)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )

    def ask(command: str, until_end: bool = False) -> list[str]:
        proc.stdin.write(command + "\n")
        proc.stdin.flush()
        lines = [proc.stdout.readline().strip()]
        while until_end and lines[-1] not in ("end", ""):
            lines.append(proc.stdout.readline().strip())
        return lines

    yield ask
    proc.stdin.close()
    assert proc.wait(timeout=10) == 0


@pytest.mark.parametrize("line", golden_lines(), ids=lambda line: line[0])
def test_c_decodes_and_reencodes_each_golden_frame(harness, line):
    name, t, flags, seq, body, wire = line
    assert harness(f"frame-dec {wire[:-2]}") == [f"ok {t} {flags} {seq} {body}"]
    assert harness(f"frame-enc {t} {flags} {seq} {body}") == [f"ok {wire}"]
    assert harness(f"feed 00{wire}", until_end=True) == [f"frame {t} {flags} {seq} {body}", "end"]


def test_c_drops_a_golden_frame_with_one_bit_flipped(harness):
    for name, *_, wire in golden_lines():
        raw = bytearray(schema.cobs.decode(bytes.fromhex(wire)[:-1]))
        raw[len(raw) // 2] ^= 0x10
        damaged = schema.cobs.encode(bytes(raw)).hex()
        assert harness(f"frame-dec {damaged}")[0].startswith("err "), name
