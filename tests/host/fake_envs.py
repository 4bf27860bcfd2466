"""The fake target's envs, pages and consoles: a model of docs/link.md's ENV_*, PAGES and
CONSOLE_* messages and of the FAULT, EXIT and CONSOLE events, for host tests without QEMU.

It checks every request the way the spec says the firmware does and answers the same EXO_E*
errors. Envs run nothing: a test makes one write, exit or fault with `write`, `exit`, `fault`,
or sets `on_start` to do so when a load commits. Knobs: `fail_chunks` (chunk offsets answered
EXO_EINVAL once each), `max_runs` and `max_list` (how many runs or entries fit in one answer),
`gives` (env id -> how many of a revocation that env gives back itself; all by default; the
rest is taken at once, as at the deadline), `revoking` (env ids with a revocation pending).

The time-slice vector has SLOT_COUNT slots; a committed env gets the slots COMMIT asks for (the
lowest free ones) and loses them when it ends. REVOKED events are sent after the response.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from exo.abi import PAGE_SIZE, EnvState, Errno
from exo.link import schema
from exo.link.schema import MsgType

PAGE_FIRST = 0x80010  # the first managed page: above a 64 KiB kernel at 0x80000000
MAX_ENVS = 64  # index 0 is never used
SLOT_COUNT = 32
SLOT_TICKS = 10000


class Refused(Exception):
    """A request the target answers with an EXO_E* error."""

    def __init__(self, code: Errno, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class FakeEnv:
    index: int
    generation: int
    name: str
    state: EnvState = EnvState.LOADING
    exit_code: int = 0
    cause: int = schema.NO_FAULT
    pc: int = 0
    addr: int = 0
    base_ppn: int = 0
    pages: int = 0
    image_size: int = 0
    entry: int = 0
    args: int = schema.NO_ARGS
    crc: int = 0
    memory: bytearray = field(default_factory=bytearray)
    console: bytearray = field(default_factory=bytearray)  # what the ring still holds
    console_end: int = 0  # stream offset after the last byte written
    sent: int = 0  # stream offset up to which the session has been sent output
    input: bytearray = field(default_factory=bytearray)

    @property
    def id(self) -> int:
        return self.generation << 16 | self.index


class FakeEnvs:
    """The env table and page ownership of a fake target; `send_event` sends one event."""

    def __init__(self, send_event, page_count: int = 256, ring: int = 4096):
        self.send_event = send_event
        self.page_count = page_count
        self.ring = ring
        self.owner = [0] * page_count  # env id per page, 0 free
        self.rights = [0] * page_count
        self.table: dict[int, FakeEnv] = {}
        self.attached: dict[int, bool] = {}  # env id (or WIRE_ANY) -> attached
        self.fail_chunks: set[int] = set()
        self.max_runs = 100
        self.max_list = 20
        self.input_room = 64
        self.on_start = None  # called with the FakeEnv when a load commits
        self.slots = [0] * SLOT_COUNT  # env id per slot, 0 free
        self.current: int | None = None  # the slot running now
        self.gives: dict[int, int] = {}
        self.revoking: set[int] = set()
        self.revokes: list[dict] = []  # every REVOKE body accepted
        self.later: list = []  # events to send once the response is out
        self.chunks: list[tuple[int, int, int]] = []  # (env, offset, length) of each chunk
        self.handlers = {
            MsgType.ENV_LOAD_BEGIN: self.begin,
            MsgType.ENV_LOAD_CHUNK: self.chunk,
            MsgType.ENV_LOAD_COMMIT: self.commit,
            MsgType.ENV_LOAD_ABORT: self.abort,
            MsgType.ENV_LIST: self.list,
            MsgType.ENV_KILL: self.kill,
            MsgType.PAGES: self.pages,
            MsgType.CONSOLE_ATTACH: self.attach,
            MsgType.CONSOLE_INPUT: self.input,
            MsgType.REVOKE: self.revoke,
            MsgType.SLOTS: self.slot_map,
        }

    # -- the session's view ------------------------------------------------------------------

    def handle(self, msg_type: int, body: bytes) -> bytes:
        """The response body to a request; raises Refused for an error answer."""
        try:
            fields = schema.parse_body(schema.Frame(msg_type, 0, 0, body))
        except Exception as e:
            raise Refused(Errno.EINVAL, f"malformed body: {e}") from e
        return schema.build_body(MsgType(msg_type), "response", self.handlers[msg_type](fields))

    def session_ended(self) -> None:
        """BYE, timeout or a new HELLO: loads left LOADING are destroyed, attachments end."""
        for e in list(self.table.values()):
            if e.state == EnvState.LOADING:
                self._free(e)
                del self.table[e.index]
        self.attached.clear()

    # -- a test's view -----------------------------------------------------------------------

    def env(self, env_id: int) -> FakeEnv:
        e = self.table.get(env_id & 0xFFFF)
        if e is None or e.state == EnvState.FREE:
            raise Refused(Errno.ENOENT, f"no env {env_id:#x}")
        if e.id != env_id:
            raise Refused(Errno.ESTALE, f"env {env_id:#x} is stale")
        return e

    @property
    def free_pages(self) -> int:
        return self.owner.count(0)

    def own(self, first: int, pages: int, owner: int, rights: int = 3) -> None:
        """Bind pages directly (a test's stand-in for an env that allocated them)."""
        for p in range(first - PAGE_FIRST, first - PAGE_FIRST + pages):
            self.owner[p], self.rights[p] = owner, rights

    def write(self, env_id: int, data: bytes) -> None:
        e = self.env(env_id)
        e.console += data
        e.console_end += len(data)
        del e.console[: max(0, len(e.console) - self.ring)]
        self._flush(e)

    def exit(self, env_id: int, code: int) -> None:
        e = self.env(env_id)
        self._free(e)
        e.state, e.exit_code = EnvState.DEAD, code
        self.send_event(MsgType.EXIT, {"env": e.id, "code": code})

    def fault(self, env_id: int, cause: int, pc: int, addr: int) -> None:
        e = self.env(env_id)
        e.state, e.cause, e.pc, e.addr = EnvState.STOPPED, cause, pc, addr
        self.send_event(MsgType.FAULT, dict(env=e.id, cause=cause, pc=pc, addr=addr))

    # -- loading -----------------------------------------------------------------------------

    def begin(self, f: dict) -> dict:
        name, pages, size = f["name"], f["pages"], f["image_size"]
        rights = f["rights"]
        if not 1 <= len(name) < 16 or not all(" " < c <= "~" for c in name):
            raise Refused(Errno.EINVAL, "bad name")
        if pages == 0 or not 0 < size <= pages * PAGE_SIZE or any(not 0 < r <= 7 for r in rights):
            raise Refused(Errno.EINVAL, "sizes or rights")
        entry_page = f["entry"] // PAGE_SIZE
        if f["entry"] >= size or not rights[entry_page] & 4:
            raise Refused(Errno.EINVAL, "entry outside an executable page")
        first = f["base_ppn"] - PAGE_FIRST
        if first < 0 or first + pages > self.page_count:
            raise Refused(Errno.EINVAL, "a page outside the managed range")
        if any(self.owner[first : first + pages]):
            raise Refused(Errno.EBUSY, "a page is not free")
        e = self._new(name)
        e.base_ppn, e.pages, e.image_size, e.entry = f["base_ppn"], pages, size, f["entry"]
        e.args, e.crc, e.memory = f["args"], f["crc"], bytearray(pages * PAGE_SIZE)
        for i in range(pages):
            self.owner[first + i], self.rights[first + i] = e.id, rights[i]
        return {"env": e.id}

    def chunk(self, f: dict) -> dict:
        e = self._loading(f["env"])
        offset, data = f["offset"], f["data"]
        if not data or offset + len(data) > len(e.memory):
            raise Refused(Errno.EINVAL, "chunk outside the run")
        if offset in self.fail_chunks:
            self.fail_chunks.discard(offset)
            raise Refused(Errno.EINVAL, "chunk refused (test knob)")
        e.memory[offset : offset + len(data)] = data
        self.chunks.append((e.id, offset, len(data)))
        return {}

    def commit(self, f: dict) -> dict:
        e = self._loading(f["env"])
        if zlib.crc32(e.memory[: e.image_size]) != e.crc:
            self._free(e)
            del self.table[e.index]
            raise Refused(Errno.EIO, "CRC mismatch")
        wanted = 1 if f["slots"] is None else f["slots"]
        free = [s for s, owner in enumerate(self.slots) if owner == 0]
        if len(free) < wanted:
            raise Refused(Errno.ENOMEM, "not that many free slots")
        for s in free[:wanted]:
            self.slots[s] = e.id
        e.state = EnvState.RUNNABLE
        if self.on_start:
            self.on_start(e)
        return {}

    def abort(self, f: dict) -> dict:
        e = self._loading(f["env"])
        self._free(e)
        del self.table[e.index]
        return {}

    def _loading(self, env_id: int) -> FakeEnv:
        e = self.env(env_id)
        if e.state != EnvState.LOADING:
            raise Refused(Errno.ESTATE, "not loading")
        return e

    def _new(self, name: str) -> FakeEnv:
        free = [i for i in range(1, MAX_ENVS) if i not in self.table]
        dead = [i for i, e in sorted(self.table.items()) if e.state == EnvState.DEAD]
        if not free and not dead:
            raise Refused(Errno.ENOMEM, "env table full")
        index = free[0] if free else dead[0]
        old = self.table.get(index)
        e = FakeEnv(index, (old.generation + 1) if old else 1, name)
        self.table[index] = e
        return e

    def _free(self, e: FakeEnv) -> int:
        self.slots = [0 if owner == e.id else owner for owner in self.slots]
        n = 0
        for p, owner in enumerate(self.owner):
            if owner == e.id:
                self.owner[p], self.rights[p] = 0, 0
                n += 1
        return n

    # -- inspection --------------------------------------------------------------------------

    def list(self, f: dict) -> dict:
        entries, nxt = [], 0xFFFF
        for index in sorted(i for i in self.table if i >= f["first"]):
            if len(entries) == self.max_list:
                nxt = index
                break
            e = self.table[index]
            entries.append(
                dict(id=e.id, state=e.state, exit_code=e.exit_code, name=e.name)
                | dict(pages=self.owner.count(e.id), cause=e.cause, pc=e.pc, addr=e.addr)
            )
        return {"next": nxt, "envs": entries}

    def kill(self, f: dict) -> dict:
        e = self.env(f["env"])
        if e.state == EnvState.DEAD:
            raise Refused(Errno.ESTATE, "already dead")
        pages = self._free(e)
        e.state, e.exit_code = EnvState.DEAD, -1
        self.send_event(MsgType.EXIT, {"env": e.id, "code": -1})
        return {"pages": pages}

    def pages(self, f: dict) -> dict:
        at = max(f["first"], PAGE_FIRST) - PAGE_FIRST
        runs = []
        while at < self.page_count and len(runs) < self.max_runs:
            key = (self.owner[at], self.rights[at])
            n = 1
            while at + n < self.page_count and (self.owner[at + n], self.rights[at + n]) == key:
                n += 1
            runs.append(dict(pages=n, owner=key[0], rights=key[1]))
            at += n
        fields = dict(page_first=PAGE_FIRST, page_count=self.page_count)
        return fields | dict(next=PAGE_FIRST + at, runs=runs)

    # -- slots and revocation ----------------------------------------------------------------

    def slot_map(self, f: dict) -> dict:
        current = schema.NO_SLOT if self.current is None else self.current
        fields = dict(slot_count=len(self.slots), slot_ticks=SLOT_TICKS, current=current)
        return fields | dict(owners=list(self.slots))

    def revoke(self, f: dict) -> dict:
        e = self.env(f["env"])
        kind, count = f["kind"], f["count"]
        if e.id in self.revoking:
            raise Refused(Errno.EBUSY, "a revocation is pending")
        if kind not in (1, 2):
            raise Refused(Errno.EINVAL, "bad kind")
        if e.state != EnvState.RUNNABLE:
            raise Refused(Errno.ESTATE, "not runnable")
        held = self.owner.count(e.id) if kind == 1 else self.slots.count(e.id)
        if not 0 < count <= held:
            raise Refused(Errno.EINVAL, "count 0 or more than it holds")
        self.revokes.append(dict(f))
        given = min(count, self.gives.get(e.id, count))
        table = self.owner if kind == 1 else self.slots
        # The env gives back its highest ones; the abort protocol takes the next highest.
        for _ in range(count):
            table[max(i for i, owner in enumerate(table) if owner == e.id)] = 0
        if kind == 1:
            self.rights = [r if o else 0 for o, r in zip(self.owner, self.rights, strict=True)]
        revoked = dict(env=e.id, kind=kind, requested=count, given=given, taken=count - given)
        self.later.append((MsgType.REVOKED, revoked))
        return {}

    # -- consoles ----------------------------------------------------------------------------

    def attach(self, f: dict) -> dict:
        if f["env"] != schema.WIRE_ANY:
            self.env(f["env"])
        self.attached[f["env"]] = True
        for e in self.table.values():
            if f["env"] in (schema.WIRE_ANY, e.id):
                start = e.console_end - len(e.console)
                e.sent = start if f["backlog"] else max(e.sent, e.console_end)
                self._flush(e)
        return {}

    def input(self, f: dict) -> dict:
        e = self.env(f["env"])
        accepted = min(len(f["data"]), self.input_room - len(e.input))
        e.input += f["data"][:accepted]
        return {"accepted": accepted}

    def _flush(self, e: FakeEnv) -> None:
        """Send the output an attached session has not had, in events that fit a body."""
        if not (self.attached.get(e.id) or self.attached.get(schema.WIRE_ANY)):
            return
        start = e.console_end - len(e.console)
        e.sent = max(e.sent, start)  # what the ring overwrote is a gap the host sees
        while e.sent < e.console_end:
            piece = bytes(e.console[e.sent - start : e.sent - start + schema.MAX_BODY - 12])
            self.send_event(MsgType.CONSOLE, {"env": e.id, "offset": e.sent, "data": piece})
            e.sent += len(piece)
