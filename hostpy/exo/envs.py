"""What the host knows about envs, pages and consoles: typed views of ENV_LIST, PAGES and the
link's events (docs/link.md, "Envs, loading, pages and consoles" and "Events")."""

from __future__ import annotations

from dataclasses import dataclass, field

from .abi import ENV_INDEX_MASK, EnvState, Perm, Revoke, env_generation, env_index
from .link import schema
from .link.schema import LogLevel, MsgType
from .link.session import Event

# mcause exception codes (RISC-V privileged spec, table "mcause values after trap").
CAUSE_NAMES = {
    0: "instruction address misaligned",
    1: "instruction access fault",
    2: "illegal instruction",
    3: "breakpoint",
    4: "load address misaligned",
    5: "load access fault",
    6: "store/AMO address misaligned",
    7: "store/AMO access fault",
    8: "environment call from U-mode",
    12: "instruction page fault",
    13: "load page fault",
    15: "store/AMO page fault",
}


def cause_name(cause: int) -> str:
    return CAUSE_NAMES.get(cause, f"cause {cause}")


def format_env(env: int) -> str:
    """An env id as people read it: hex, so the generation and index stand apart."""
    return f"0x{env:x}"


def format_rights(rights: int) -> str:
    bits = (("r", Perm.R), ("w", Perm.W), ("x", Perm.X))
    return "".join(c if rights & bit else "-" for c, bit in bits)


@dataclass(frozen=True)
class Fault:
    """The fault that stopped an env: `cause` is mcause, `addr` mtval. Also the FAULT event."""

    env: int
    cause: int
    pc: int
    addr: int
    seq: int = 0
    lost: int = 0

    @property
    def cause_name(self) -> str:
        return cause_name(self.cause)

    def __str__(self) -> str:
        return f"{self.cause_name} at pc 0x{self.pc:x}, address 0x{self.addr:x}"

    def as_dict(self) -> dict:
        return dict(cause=self.cause, cause_name=self.cause_name, pc=self.pc, addr=self.addr)


@dataclass(frozen=True)
class EnvInfo:
    """One entry of ENV_LIST."""

    id: int
    state: EnvState | int
    name: str
    exit_code: int
    pages: int
    fault: Fault | None

    @property
    def index(self) -> int:
        return env_index(self.id)

    @property
    def generation(self) -> int:
        return env_generation(self.id)

    @property
    def state_name(self) -> str:
        return getattr(self.state, "name", str(self.state))

    @classmethod
    def from_wire(cls, entry: dict) -> EnvInfo:
        try:
            state: EnvState | int = EnvState(entry["state"])
        except ValueError:
            state = entry["state"]
        fault = None
        if entry["cause"] != schema.NO_FAULT:
            fault = Fault(entry["id"], entry["cause"], entry["pc"], entry["addr"])
        return cls(entry["id"], state, entry["name"], entry["exit_code"], entry["pages"], fault)

    def as_dict(self) -> dict:
        return dict(
            id=self.id,
            index=self.index,
            generation=self.generation,
            name=self.name,
            state=self.state_name,
            exit_code=self.exit_code if self.state == EnvState.DEAD else None,
            pages=self.pages,
            fault=self.fault.as_dict() if self.fault else None,
        )


@dataclass(frozen=True)
class PageRun:
    """`pages` consecutive pages from `first` with one owner (0: free) and the same rights."""

    first: int
    pages: int
    owner: int
    rights: int

    @property
    def end(self) -> int:
        return self.first + self.pages

    @property
    def free(self) -> bool:
        return self.owner == 0

    def as_dict(self) -> dict:
        return dict(first=self.first, pages=self.pages, owner=self.owner, rights=self.rights)


@dataclass(frozen=True)
class PageMap:
    """Who owns every managed page, as runs covering [page_first, page_first + page_count)."""

    page_first: int
    page_count: int
    runs: tuple[PageRun, ...]

    @property
    def free_pages(self) -> int:
        return sum(r.pages for r in self.runs if r.free)

    def free_runs(self) -> list[PageRun]:
        """Maximal runs of free pages (adjacent free runs of the wire merged)."""
        merged: list[PageRun] = []
        for r in self.runs:
            if not r.free:
                continue
            if merged and merged[-1].end == r.first:
                merged[-1] = PageRun(merged[-1].first, merged[-1].pages + r.pages, 0, 0)
            else:
                merged.append(r)
        return merged

    def owned_by(self, env: int) -> int:
        return sum(r.pages for r in self.runs if r.owner == env)

    def as_dict(self) -> dict:
        return dict(
            page_first=self.page_first,
            page_count=self.page_count,
            runs=[r.as_dict() for r in self.runs],
        )


@dataclass(frozen=True)
class SlotMap:
    """The time-slice vector (SLOTS): each slot's owner (env id, 0 free), the slot length in
    `time` ticks and the slot running now (None while the hart idles)."""

    slot_ticks: int
    current: int | None
    owners: tuple[int, ...]

    @property
    def slot_count(self) -> int:
        return len(self.owners)

    @property
    def free_slots(self) -> int:
        return self.owners.count(0)

    def owned_by(self, env: int) -> int:
        return self.owners.count(env)

    def envs(self) -> list[int]:
        """The owners, in the order of their first slot."""
        return list(dict.fromkeys(o for o in self.owners if o))

    @classmethod
    def from_wire(cls, fields: dict) -> SlotMap:
        current = None if fields["current"] == schema.NO_SLOT else fields["current"]
        return cls(fields["slot_ticks"], current, tuple(fields["owners"]))

    def as_dict(self) -> dict:
        return dict(
            slot_count=self.slot_count,
            slot_ticks=self.slot_ticks,
            current=self.current,
            owners=list(self.owners),
        )


def kind_name(kind: int) -> str:
    """`pages` or `slots` for a revocation's kind; the number for another."""
    try:
        return Revoke(kind).name.lower()
    except ValueError:
        return str(kind)


@dataclass(frozen=True)
class Revoked:
    """The REVOKED event: a revocation of `requested` pages or slots of `env` ended; the env
    gave `given` back itself and the abort protocol took `taken`."""

    env: int
    kind: int
    requested: int
    given: int
    taken: int
    seq: int = 0
    lost: int = 0


@dataclass(frozen=True)
class RevokeResult:
    """What Target.revoke reports: how many the env gave back and how many were taken."""

    env: int
    kind: int
    requested: int
    given: int
    taken: int

    @classmethod
    def from_event(cls, ev: Revoked) -> RevokeResult:
        return cls(ev.env, ev.kind, ev.requested, ev.given, ev.taken)

    def as_dict(self) -> dict:
        fields = dict(env=self.env, kind=kind_name(self.kind), requested=self.requested)
        return fields | dict(given=self.given, taken=self.taken)


@dataclass(frozen=True)
class ConsoleOutput:
    """Bytes an env wrote, from stream offset `offset` (a jump in offsets is lost output)."""

    env: int
    offset: int
    data: bytes
    seq: int = 0
    lost: int = 0

    @property
    def end(self) -> int:
        return self.offset + len(self.data)


@dataclass(frozen=True)
class Exit:
    """The env exited with `code` (-1 when killed) and is DEAD."""

    env: int
    code: int
    seq: int = 0
    lost: int = 0


@dataclass(frozen=True)
class Log:
    level: LogLevel | int
    text: str
    seq: int = 0
    lost: int = 0


@dataclass(frozen=True)
class OtherEvent:
    """An event this host has no class for: its type number and fields."""

    type: int
    fields: dict = field(default_factory=dict)
    seq: int = 0
    lost: int = 0


TypedEvent = ConsoleOutput | Fault | Exit | Revoked | Log | OtherEvent


def typed_event(ev: Event) -> TypedEvent:
    """The typed form of a session Event; one with a malformed body becomes an OtherEvent."""
    f, meta = ev.fields, dict(seq=ev.seq, lost=ev.lost)
    try:
        if ev.type == MsgType.CONSOLE:
            return ConsoleOutput(f["env"], f["offset"], f["data"], **meta)
        if ev.type == MsgType.FAULT:
            return Fault(f["env"], f["cause"], f["pc"], f["addr"], **meta)
        if ev.type == MsgType.EXIT:
            return Exit(f["env"], f["code"], **meta)
        if ev.type == MsgType.REVOKED:
            r = (f["env"], f["kind"], f["requested"], f["given"], f["taken"])
            return Revoked(*r, **meta)
        if ev.type == MsgType.LOG:
            try:
                level: LogLevel | int = LogLevel(f["level"])
            except ValueError:
                level = f["level"]
            return Log(level, f["text"], **meta)
    except KeyError:
        pass
    return OtherEvent(int(ev.type), dict(f), **meta)


def event_dict(ev: TypedEvent) -> dict:
    """An event as JSON-ready fields with its type's name; bytes as text (latin-1 if not UTF-8)."""
    names = {ConsoleOutput: "CONSOLE", Fault: "FAULT", Exit: "EXIT", Log: "LOG"}
    name = (names | {Revoked: "REVOKED"}).get(type(ev))
    fields = dict(ev.fields) if isinstance(ev, OtherEvent) else dict(ev.__dict__)
    fields.pop("fields", None)
    if isinstance(ev, OtherEvent):
        name = schema.msg_type(ev.type)
        name = getattr(name, "name", f"0x{ev.type:02x}")
        fields |= dict(seq=ev.seq, lost=ev.lost)
    if isinstance(ev, Log):
        fields["level"] = _level_name(ev.level)
    if isinstance(ev, Fault):
        fields["cause_name"] = ev.cause_name
    if isinstance(ev, Revoked):
        fields["kind"] = kind_name(ev.kind)
    for k, v in fields.items():
        if isinstance(v, bytes):
            try:
                fields[k] = v.decode()
            except UnicodeDecodeError:
                fields[k] = v.decode("latin-1")
    return {"type": name, **fields}


def _level_name(level: int) -> str:
    try:
        return LogLevel(level).name
    except ValueError:
        return f"LEVEL{level}"


def event_text(ev: TypedEvent) -> str:
    """One line about an event for people (console output is shown as it is, not by this)."""
    if isinstance(ev, Log):
        return f"[{_level_name(ev.level).lower()}] {ev.text}"
    if isinstance(ev, Fault):
        return f"[fault] env {format_env(ev.env)} stopped: {ev}"
    if isinstance(ev, Exit):
        return f"[exit] env {format_env(ev.env)} exited with code {ev.code}"
    if isinstance(ev, ConsoleOutput):
        return f"[console] env {format_env(ev.env)}: {ev.data!r}"
    if isinstance(ev, Revoked):
        return (
            f"[revoked] env {format_env(ev.env)}: {ev.requested} {kind_name(ev.kind)} asked, "
            f"{ev.given} given, {ev.taken} taken"
        )
    return f"[event 0x{ev.type:02x}] {ev.fields}"


@dataclass
class ConsoleLog:
    """One env's console as the host has seen it: bytes in order, overlaps (a backlog resent)
    dropped, and gaps (output the target's ring overwrote) counted. `next` starts at 0 when the
    whole stream was asked for (a backlog), None when output from wherever it is now will do."""

    data: bytearray = field(default_factory=bytearray)
    next: int | None = None  # stream offset of the next new byte
    lost: int = 0

    def add(self, out: ConsoleOutput) -> tuple[int, bytes]:
        """Record an event; returns (bytes lost just before it, its bytes not seen before)."""
        gap = 0
        data = out.data
        if self.next is not None:
            if out.offset > self.next:
                gap = out.offset - self.next
            elif out.offset < self.next:
                data = data[self.next - out.offset :]
        self.lost += gap
        self.data += data
        self.next = max(out.end, self.next or 0)
        return gap, data


def is_env_id(value: int) -> bool:
    return 0 < value <= 0xFFFFFFFF and value & ENV_INDEX_MASK != 0
