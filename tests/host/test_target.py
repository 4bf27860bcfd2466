"""The Target API against the fake target: banner and expect in terminal mode, the session calls,
windowed pings and events; and the QEMU command line built from the board file."""

from __future__ import annotations

from pathlib import Path

import pytest

from exo.boards import load_board
from exo.errors import ExpectError, LinkError, QemuError
from exo.link.schema import MsgType
from exo.qemu import Qemu
from exo.target import Target, parse_banner

from .fake_target import BANNER


@pytest.fixture
def target(fake):
    t = Target(fake.host_end, log_path=Path("/tmp/serial.log"), keepalive=None)
    yield t
    t.disconnect()


def test_banner_is_read_in_terminal_mode(target):
    b = target.banner()
    assert (b.version, b.board, b.mem_mib, b.pages_free, b.pages_total, b.pmp) == (
        "0.1.0",
        "fake",
        128,
        32752,
        32752,
        16,
    )


def test_a_partial_banner_line_is_not_a_banner():
    assert parse_banner(BANNER[:-3]) is None
    assert parse_banner(BANNER).pmp == 16


def test_expect_failure_says_what_it_waited_for_what_came_and_where_the_log_is(target):
    with pytest.raises(ExpectError) as e:
        target.expect(r">>> ", timeout=0.2)
    assert e.value.expected == ">>> " and e.value.buffer == BANNER
    assert "serial log: /tmp/serial.log" in str(e.value) and "board=fake" in str(e.value)


def test_session_calls(target, fake):
    assert target.hello().board == "fake"
    assert target.info()["pages_total"] == 32752
    assert target.ping(b"abc").size == 3
    results = target.ping_many(bytes([i]) * i for i in range(40))
    assert [r.size for r in results] == list(range(40))
    with pytest.raises(LinkError, match="close the session"):
        target.expect("x")


def test_terminal_bytes_before_hello_are_kept_and_after_bye_returned(target):
    target.hello()
    assert bytes(target.session.preamble) == BANNER
    target.disconnect()
    assert target.expect("terminal again", timeout=2)


def test_events_are_yielded_in_order(target, fake):
    target.hello()
    for i in range(3):
        fake.event(MsgType.CONSOLE, {"env": 1, "offset": i, "data": bytes([65 + i])})
    got = [e.data for e in target.events(timeout=0.5)]
    assert got == [b"A", b"B", b"C"]


def test_echo_mismatch_is_an_error(target, fake):
    target.hello()
    fake.replay.clear()
    real = fake._handle

    def corrupt(f):
        if f.type == MsgType.PING:
            f = type(f)(f.type, f.flags, f.seq, f.body[::-1])
        real(f)

    fake._handle = corrupt
    with pytest.raises(LinkError, match="echo differs"):
        target.ping(b"ab")


def test_qemu_command_line_comes_from_the_board(tmp_path):
    board = load_board("qemu-virt")
    q = Qemu(board, workdir=tmp_path, firmware=tmp_path / "exo.elf")
    cmd = q.command()
    assert cmd[0] == board.qemu.binary
    joined = " ".join(cmd)
    assert f"-machine {board.qemu.machine}" in joined and f"-m {board.qemu.memory}" in joined
    assert f"-bios {tmp_path / 'exo.elf'}" in joined
    assert "-nographic -monitor none -S" in joined
    assert f"-chardev pty,id=ser0,logfile={tmp_path / 'serial.log'}" in joined
    assert "-serial chardev:ser0" in joined and f"unix:{q.qmp_path},server=on" in joined


def test_qemu_socket_moves_when_the_workdir_path_is_too_long(tmp_path):
    deep = tmp_path / ("d" * 120)
    q = Qemu(load_board(), workdir=deep, firmware=tmp_path / "exo.elf")
    assert len(str(q.qmp_path)) < 100
    q.stop()
    assert not q.qmp_path.parent.exists()


def test_qemu_without_firmware_says_how_to_build_it(tmp_path):
    q = Qemu(load_board(), workdir=tmp_path, firmware=tmp_path / "missing.elf")
    with pytest.raises(QemuError, match="make firmware"):
        q.start()


def test_socket_url_reaches_a_target_over_loopback():
    import socket
    import threading

    from .fake_target import FakeTarget, SocketTransport

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    fakes: list[FakeTarget] = []
    # No banner: pyserial's socket:// discards whatever arrives while it opens.
    threading.Thread(
        target=lambda: fakes.append(
            FakeTarget(SocketTransport(server.accept()[0])).start(banner=False)
        ),
        daemon=True,
    ).start()
    try:
        with Target.open(f"socket://127.0.0.1:{port}", keepalive=None) as t:
            assert t.info()["board"] == "fake" and t.ping(b"tcp").size == 3
    finally:
        for f in fakes:
            f.stop()
            f.transport.close()
        server.close()


@pytest.mark.parametrize("ignores_term", [False, True])
def test_stop_pid_ends_a_process_even_if_it_ignores_sigterm(ignores_term):
    import subprocess
    import sys

    from exo.qemu import stop_pid

    code = "import signal, time\n"
    if ignores_term:
        code += "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    code += "print('ready', flush=True)\ntime.sleep(60)\n"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline() == b"ready\n"  # the handler is in place before we signal
    stop_pid(proc.pid, timeout=0.1, proc=proc)
    assert proc.poll() == (-9 if ignores_term else -15)


def test_qemu_removes_only_the_workdir_it_made(tmp_path):
    own = Qemu(load_board(), firmware=tmp_path / "exo.elf")
    given = Qemu(load_board(), workdir=tmp_path / "keep", firmware=tmp_path / "exo.elf")
    given.workdir.mkdir()
    own.stop()
    given.stop()
    assert not own.workdir.exists() and given.workdir.exists()
