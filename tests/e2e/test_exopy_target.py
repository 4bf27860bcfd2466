"""exopy on the exokernel (QEMU): make run's kernel (exo-exopy.elf: hello, then exopy holding the
terminal) ends at the >>> prompt, an expression evaluates, the exo module sees its env, pages and
slots, part of the conformance suite runs through the raw REPL against CPython's output, and
`exo run` streams a script's output with its exit status; the real mpremote drives it too."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exo.cli_repl import RAW_BANNER, Console, raw_exec, raw_paste, wait_prompt
from exo.errors import LinkError
from exo.qemu import Qemu
from exo.target import Target

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "exopy" / "test_conformance.py"
# The whole target-eligible conformance suite runs on the target, in PARTS tests that xdist
# can give to different workers (each has its own QEMU). Cases known to fail there are listed,
# with why, in TARGET_KNOWN.
PARTS = 2
TARGET_KNOWN = ROOT / "tests" / "exopy" / "target" / "known_failures.txt"

pytestmark = pytest.mark.qemu


def _conformance():
    spec = importlib.util.spec_from_file_location("exopy_conformance", CONFORMANCE)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, mod)  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def exopy(exo_board, boot_exopy) -> Iterator[Console]:
    """exopy at its friendly prompt on a QEMU of this module's own."""
    with boot_exopy(exo_board) as con:
        yield con


def repl_line(con: Console, line: str, timeout: float = 30) -> str:
    """Type one line at >>>; what exopy printed before the next prompt, echo dropped."""
    con.write(line.encode() + b"\r")
    con.read_until(line.encode() + b"\r\n", timeout)  # the echo, and any prompt before it
    return con.read_until(b">>> ", timeout).decode().replace("\r\n", "\n")


def run_raw(con: Console, source: str, timeout: float = 60) -> tuple[int, str, str]:
    out = bytearray()
    status, err = raw_exec(con, source.encode(), out.extend, timeout)
    con.read_until(b">>> ", 10)  # Ctrl-B took it back to the friendly prompt
    text = out.decode(errors="replace").replace("\r\n", "\n")
    return status, text, err.decode(errors="replace").replace("\r\n", "\n")


def test_prompt_and_expression(exopy):
    assert repl_line(exopy, "6 * 7") == "42\n"
    assert (
        repl_line(exopy, "print(2 ** 100, 1 / 4, 'ok')")
        == "1267650600228229401496703205376 0.25 ok\n"
    )
    assert repl_line(exopy, "_ = [x * x for x in range(5)]; _") == "[0, 1, 4, 9, 16]\n"
    assert "ZeroDivisionError" in repl_line(exopy, "1 // 0")
    assert repl_line(exopy, "3.0 * 1.5, repr(0.1)") == "(4.5, '0.1')\n"


def test_exo_module(exopy):
    status, out, err = run_raw(
        exopy,
        "import exo\n"
        "print(exo.env())\n"
        "before = exo.pages()\n"
        "p = exo.alloc_page()\n"
        "runs = exo.page_runs()\n"
        "print(exo.pages() - before, any(f <= p < f + n for f, n in runs))\n"
        "exo.free_page(p)\n"
        "print(exo.pages() - before)\n"
        "print(len(exo.slots()), exo.timebase())\n"
        "t, n = exo.time(), exo.instret()\n"
        "exo.yield_()\n"
        "print(exo.time() >= t, exo.instret() - n > 100)\n"
        "try:\n    exo.free_page(p)\nexcept ValueError:\n    print('refused')\n"
        "print(exo.poll())\n",
    )
    assert (status, err) == (0, "")
    assert out.split("\n")[:-1] == [
        str(exopy.env),
        "1 True",
        "0",
        "24 10000000",
        "True True",
        "refused",
        "0",
    ]


REVOKE_SETUP = """import exo
got = []
def give_back(kind, count, deadline):
    print("revoked", kind, count)
    got.append((kind, count, deadline > exo.time()))
    for p in mine[:count]:
        exo.free_page(p)
    del mine[:count]
exo.on_revoke(give_back)
mine = [exo.alloc_page() for _ in range(4)]
print(exo.pages())
"""


def test_revocation_reaches_the_python_callback(exopy):
    """The host revokes 2 pages while exopy idles at its prompt: the upcall records it, the
    idle loop runs the callback, which gives back two of the pages it bound in time (REVOKED:
    given 2, taken 0): exopy then owns exactly 2 pages fewer, and exo.poll() finds nothing
    left. (What the callback prints goes out while the host holds the link: not checked.)"""
    status, out, err = run_raw(exopy, REVOKE_SETUP)
    assert (status, err) == (0, "")
    before = int(out)
    t = exopy.target
    t.revoke_start(exopy.env, pages=2, deadline_ms=4000)
    result = t.wait_revoked(exopy.env, 30)
    t.disconnect()  # back to terminal mode: the line is exopy's console again
    exopy.pending += t.terminal
    t.terminal.clear()
    assert (result.given, result.taken) == (2, 0)
    check = "print(exo.poll(), got, len(mine), exo.pages())\n"
    out = bytearray()
    status, err = raw_exec(exopy, check.encode(), out.extend, 30, reset=False)
    exopy.read_until(b">>> ", 10)
    assert (status, err) == (0, b"")
    assert out.decode().split("\r\n")[-2] == f"0 [('pages', 2, True)] 2 {before - 2}"


# The callback must not print: output while the host holds a link session is not the
# terminal's. The script says what it saw once the host is back in terminal mode (input()).
LOOP = """
def quiet(kind, count, deadline):
    got.append((kind, count, deadline > exo.time()))
    for p in mine[:count]:
        exo.free_page(p)
    del mine[:count]
exo.on_revoke(quiet)
print("looping")
for i in range(10000000):
    if got:
        break
input()
print("stopped", i < 9999999, got, len(mine), exo.pages())
"""


def _revoke_during(con: Console, script: str) -> tuple[int, object, str, bytes]:
    """Run script (REVOKE_SETUP first) in the raw REPL; once it prints "looping", revoke 2 of
    its pages and wait for the outcome; then a line lets its input() return. Its page count
    before, the REVOKED outcome, its output and its error text."""
    t = con.target
    con.write(b"\r\x03\x03\x01")
    con.read_until(RAW_BANNER, 10)
    con.write(b"\x04")  # soft reset: fresh globals
    con.read_until(RAW_BANNER, 10)
    raw_paste(con, (REVOKE_SETUP + script).encode())
    before = int(con.read_until(b"\r\n", 30))
    con.read_until(b"looping\r\n", 30)
    t.revoke_start(con.env, pages=2, deadline_ms=20000)
    result = t.wait_revoked(con.env, 30)
    t.disconnect()
    con.pending += t.terminal
    t.terminal.clear()
    con.write(b"\r")
    out = con.read_until(b"\x04", 30).decode().replace("\r\n", "\n")
    err = con.read_until(b"\x04", 10)
    con.read_until(b">", 10)
    con.write(b"\x02")
    con.read_until(b">>> ", 10)
    return before, result, out, err


def test_revocation_reaches_a_running_loop(exopy):
    """The host revokes 2 pages while a script spins in a loop with no call and no I/O: the
    upcall wakes the VM, which runs the callback between two bytecodes (a backward jump), the
    callback gives 2 pages back before the deadline (REVOKED: given 2, taken 0) and the loop
    sees it and stops."""
    before, result, out, err = _revoke_during(exopy, LOOP)
    assert (result.given, result.taken, err) == (2, 0, b"")
    assert out.endswith(f"\nstopped True [('pages', 2, True)] 2 {before - 2}\n")


RAISING = """
def told(kind, count, deadline):
    for p in mine[:count]:
        exo.free_page(p)
    del mine[:count]
    raise RuntimeError("revoked " + kind)
exo.on_revoke(told)
print("looping")
try:
    while True:
        pass
except RuntimeError as e:
    caught = e
input()
print("caught", caught, len(mine))
"""


def test_revocation_callback_exception_reaches_the_loop(exopy):
    """An exception from the callback is raised in the running code, where the VM ran it: the
    endless loop's handler catches it (after the callback gave the pages back)."""
    _, result, out, err = _revoke_during(exopy, RAISING)
    assert (result.given, result.taken, err) == (2, 0, b"")
    assert out.endswith("\ncaught revoked pages 2\n")  # the message, and 2 pages left


def test_errors_and_exit_status(exopy):
    status, out, err = run_raw(exopy, "print('a')\ndef f():\n    raise KeyError('k')\nf()\n")
    assert (status, out) == (1, "a\n")
    assert "Traceback" in err and "line 3" in err and "KeyError: 'k'" in err
    assert run_raw(exopy, "import sys\nprint('bye')\nsys.exit(5)\n") == (
        5,
        "bye\n",
        "SystemExit: 5\n",
    )
    status, _, err = run_raw(exopy, "def r(n):\n    return r(n + 1)\nr(0)\n")
    assert status == 1 and "RecursionError" in err
    status, _, err = run_raw(exopy, "x = []\nwhile True:\n    x.append(bytearray(65536))\n")
    assert status == 1 and "MemoryError" in err
    assert run_raw(exopy, "print(sum(range(10)))\n") == (0, "45\n", "")  # alive afterwards


def test_heap_grows_on_demand(exopy):
    """8 MB live is twice the 4 MiB arena exopy starts with: it binds the pages after its arena
    as it needs them (the arena, gc's free plus allocated bytes, is then past 8 MB), up to
    16 MiB, then MemoryError; the REPL goes on."""
    status, out, err = run_raw(
        exopy,
        "import gc\n"
        "big = [bytearray(100000) for _ in range(80)]\n"
        "print(len(big), gc.mem_free() + gc.mem_alloc() > 8000000)\n"
        "try:\n"
        "    more = [bytearray(100000) for _ in range(200)]\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n",
    )
    assert (status, out, err) == (0, "80 True\nMemoryError\n", "")
    assert repl_line(exopy, "sum(range(10))") == "45\n"


def _target_cases():
    """Every conformance case the target can run (no stdin, not the exit-status topic) but the
    known failures of the host or the target."""
    conf = _conformance()
    known = conf.load_known_failures() | conf.load_known_failures(TARGET_KNOWN)
    cases = [
        c
        for c in conf.iter_cases(target_only=True)
        if c.topic != conf.EXIT_STATUS_TOPIC and not c.stdin and c.name not in known
    ]
    return conf, cases


@pytest.mark.parametrize("part", range(PARTS))
def test_conformance_through_raw_repl(exopy, part):
    """Every PARTS-th case from `part` on, so each part samples every topic."""
    conf, cases = _target_cases()
    cases = cases[part::PARTS]
    assert len(cases) >= 200
    failed = []
    done = None
    for case in cases:
        expected = conf.run_cpython(case)
        try:
            status, out, err = run_raw(exopy, case.path.read_text(encoding="utf-8"), 90)
        except LinkError as e:
            raise AssertionError(f"{case.name} (after {done}): {e}") from e
        done = case.name
        if (status, out) != (expected.status, expected.stdout):
            failed.append(f"{case.name}: status {status}, stderr {err[-300:]!r}\n{out[-500:]}")
    assert not failed, f"{len(failed)} of {len(cases)} cases differ:\n" + "\n".join(failed)


def test_exo_run_streams_and_exits_with_the_status(exo_board, exopy_elf, tmp_path):
    elf = exopy_elf
    script = tmp_path / "s.py"
    script.write_text("import exo\nfor i in range(3):\n    print('line', i)\nraise SystemExit(7)\n")
    cmd = [
        str(Path(sys.executable).with_name("exo")),
        "run",
        "--board",
        exo_board.name,
        "--firmware",
        str(elf),
    ]
    proc = subprocess.run([*cmd, str(script)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 7, proc.stderr
    assert proc.stdout == "line 0\nline 1\nline 2\n"
    assert proc.stderr.strip() == "SystemExit: 7"
    demo = subprocess.run(
        [*cmd, str(ROOT / "tests" / "exopy" / "target" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    assert re.search(r"exopy on exo: env 0x10002 holding \d+ pages", demo.stdout)
    assert "primes: [2, 3, 5, 7, 11, 13" in demo.stdout


def test_mpremote_drives_exopy_on_the_pty(exo_board, exopy_elf, tmp_path):
    """The real mpremote (PyPI) against QEMU's pty: exec, eval and run."""
    mpremote = Path(sys.executable).with_name("mpremote")
    if not mpremote.exists():
        pytest.skip("mpremote is not installed in the venv")
    elf = exopy_elf
    script = tmp_path / "m.py"
    script.write_text("import exo\nprint('env', exo.env(), [i * i for i in range(4)])\n")
    with Qemu(exo_board, workdir=tmp_path, firmware=elf) as q:
        port = q.start()
        with Target.open(port) as t:
            q.resume()
            wait_prompt(Console(t))

        def mp(*args: str) -> subprocess.CompletedProcess:
            cmd = [str(mpremote), "connect", port, *args]
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60)

        done = mp("exec", "print(sum(range(10)))")
        assert (done.returncode, done.stdout) == (0, "45\n"), done.stderr
        done = mp("eval", "6 * 7")
        assert (done.returncode, done.stdout) == (0, "42\n"), done.stderr
        done = mp("run", str(script))
        assert (done.returncode, done.stdout) == (0, "env 65538 [0, 1, 4, 9]\n"), done.stderr
