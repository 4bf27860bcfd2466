"""The kernel harness (kernel_harness.c) as a Python object, shared by the kernel and link tests:
env table, ownership table, exposed state, user access, syscalls, consoles and env requests over
fake RAM, built with ASan/UBSan."""

from __future__ import annotations

import struct

from hostbuild import LineHarness, build

from exo.abi import Errno, Perm, Sys

SOURCES = [
    "tests/firmware/kernel_harness.c",
    "firmware/kernel/env.c",
    "firmware/kernel/memory.c",
    "firmware/kernel/exposed.c",
    "firmware/kernel/uaccess.c",
    "firmware/kernel/syscall.c",
    "firmware/kernel/console.c",
    "firmware/kernel/pages.c",
    "firmware/kernel/slots.c",
    "firmware/kernel/upcall.c",
    "firmware/kernel/revoke.c",
    "firmware/link/envreq.c",
    "firmware/link/events.c",
    "firmware/link/crc32.c",
]
PAGE = 4096
RING = 4096  # CONFIG_CONSOLE_RING
MAX_ENVS = 64  # CONFIG_MAX_ENVS
# kernel/sched.h's sched_yield shares its name with POSIX's, which the sanitizers' runtime calls:
# on the host the kernel's is renamed (its stub lives in the harness).
FLAGS = ["-Dsched_yield=kernel_sched_yield"]
MASK64 = (1 << 64) - 1
ANY = MASK64  # EXO_ANY in a 64-bit register


class Kernel(LineHarness):
    """One kernel_harness process; answers are checked for broken invariants."""

    def __init__(self) -> None:
        super().__init__(build("kernel_harness", SOURCES, FLAGS))
        self.first = 0
        self.ram = 0

    def init(self, pages: int) -> None:
        _, first, ram = self.ask(f"init {pages}").split()
        self.first, self.ram = int(first), int(ram)
        self.pages = pages

    def ok(self, line: str) -> list[str]:
        answer = self.ask(line)
        assert answer.startswith("ok"), f"{line!r} -> {answer!r}"
        return answer.split()[1:]

    def env(self, name: str = "t", start: bool = True) -> int:
        env = int(self.ok(f"create {name}")[0])
        if start:
            self.ok(f"start {env} 0 0")
        return env

    def sys(self, env: int, number: int, *args: int) -> tuple[int, int, int]:
        regs = " ".join(str(a & MASK64) for a in args)
        answer = self.ask(f"sys {env} {number} {regs}")
        assert "!" not in answer, f"invariant broken: {answer}"
        _, a0, a1, a2 = answer.split()
        return int(a0), int(a1), int(a2)

    def alloc(self, env: int, ppn: int = ANY, rights: int = Perm.R | Perm.W) -> int:
        a0, a1, _ = self.sys(env, Sys.PAGE_ALLOC, ppn, rights)
        assert a0 == 0, Errno(a0)
        return a1

    def check(self) -> tuple[int, int]:
        broken, free = self.ok("check")
        return int(broken), int(free)

    def req(self, msg_type: int, body: bytes) -> tuple[int, bytes | str]:
        """A link request: (0, response body) or (EXO_E* code, message)."""
        answer = self.ask(f"req {msg_type} {body.hex() or '-'}")
        assert "!" not in answer.split()[-1], f"invariant broken: {answer}"
        kind, rest = answer.split(" ", 1)
        if kind == "ok":
            return 0, b"" if rest == "-" else bytes.fromhex(rest)
        code, _, message = rest.partition(" ")
        return int(code), message

    def events(self) -> list[str]:
        text = self.ask("events")[3:]
        return [] if text == "-" else text.split(";")


def str8(text: str) -> bytes:
    data = text.encode()
    return bytes([len(data)]) + data


def u32(*values: int) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)
