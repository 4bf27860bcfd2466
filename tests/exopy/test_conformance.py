"""exopy conformance: each script in cases/ must print what CPython prints and exit as it exits.

CPython (the interpreter running pytest) is the oracle: its output is computed at test time and
cached for the session, never written down. See tests/exopy/README.md for adding cases and for the
known-failures list.
"""

from __future__ import annotations

import ast
import difflib
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = HERE / "cases"
KNOWN_FAILURES = HERE / "known_failures.txt"
# EXOPY in the environment points the suite at another build (e.g. a GC-stress or target runner).
EXOPY = Path(os.environ.get("EXOPY", ROOT / "build" / "host" / "exopy"))

# Seconds a single script may take; generous because the host build runs under ASan and UBSan.
TIMEOUT = 30
# A case is a small script; longer ones should be split so a failure names one idea.
MAX_CASE_LINES = 40
# Topics whose cases import .py files from their own folder, which only the host can do; every
# other topic is eligible to run on the target once exopy runs there.
HOST_ONLY_TOPICS = frozenset({"modules"})
# The built-in modules exopy provides; a case imports only these and helper modules named `_*`.
SUBSET_MODULES = frozenset({"sys", "gc", "math", "time"})
# The only topic whose cases may write to stderr (a traceback, say) or exit with a non-zero status.
EXIT_STATUS_TOPIC = "errors"
# Text that means a sanitizer stopped exopy; such a run fails whatever its exit status.
SANITIZER_MARKS = (
    "AddressSanitizer",
    "LeakSanitizer",
    "UndefinedBehaviorSanitizer",
    "runtime error:",
)

with warnings.catch_warnings():
    # Registering the marker belongs to pyproject.toml (not owned by this suite); until then,
    # creating it must not warn on every run.
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    TARGET_MARK = pytest.mark.exopy_target


@dataclass(frozen=True)
class Case:
    """One conformance script, named by its path relative to cases/."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.relative_to(CASES).as_posix()

    @property
    def topic(self) -> str:
        return self.path.relative_to(CASES).parts[0]

    @property
    def target_eligible(self) -> bool:
        return self.topic not in HOST_ONLY_TOPICS

    @property
    def stdin(self) -> bytes:
        """Bytes fed to the script's stdin: the sibling NAME.in file if there is one."""
        feed = self.path.with_suffix(".in")
        return feed.read_bytes() if feed.exists() else b""


@dataclass(frozen=True)
class Outcome:
    """What one interpreter did with one case."""

    stdout: str
    stderr: str
    status: int


def iter_cases(target_only: bool = False) -> Iterator[Case]:
    """Every case in a stable order; helper modules (names starting with `_`) are not cases."""
    for path in sorted(CASES.rglob("*.py"), key=lambda p: p.relative_to(CASES).as_posix()):
        parts = path.relative_to(CASES).parts
        if any(part.startswith(("_", ".")) for part in parts):
            continue
        case = Case(path)
        if target_only and not case.target_eligible:
            continue
        yield case


def load_known_failures(path: Path = KNOWN_FAILURES) -> dict[str, str]:
    """Case name -> reason, from lines `topic/name.py  # reason`; skips blank and `#` lines."""
    known: dict[str, str] = {}
    if not path.exists():
        return known
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        name = name.strip()
        if name:
            known[name] = reason.strip() or "known failure"
    return known


def cpython_env(hash_seed: int = 0) -> dict[str, str]:
    """The oracle's environment: no PYTHON* settings leak in, fixed hashing, UTF-8 output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = str(hash_seed)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_case(argv: list[str], case: Case, env: Mapping[str, str] | None = None) -> Outcome:
    """Run `argv + [script]` in the case's folder, as `python FILE` would be run there."""
    proc = subprocess.run(
        [*argv, case.path.name],
        cwd=case.path.parent,
        input=case.stdin,
        capture_output=True,
        timeout=TIMEOUT,
        env=None if env is None else dict(env),
    )
    return Outcome(
        stdout=proc.stdout.decode("utf-8", errors="backslashreplace"),
        stderr=proc.stderr.decode("utf-8", errors="backslashreplace"),
        status=proc.returncode,
    )


def run_cpython(case: Case, hash_seed: int = 0) -> Outcome:
    """The oracle. -B keeps imported helper modules from leaving __pycache__ in the tree."""
    return run_case([sys.executable, "-B"], case, cpython_env(hash_seed))


def run_exopy(case: Case, env: Mapping[str, str] | None = None) -> Outcome:
    return run_case([str(EXOPY)], case, env)


@dataclass
class Oracle:
    """CPython's outcome for each case, computed once a session (per xdist worker)."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def outcome(self, case: Case) -> Outcome:
        if case.name not in self.outcomes:
            self.outcomes[case.name] = run_cpython(case)
        return self.outcomes[case.name]


def describe_mismatch(case: Case, expected: Outcome, actual: Outcome) -> str:
    """A report a person can act on: the status, a unified diff of stdout, exopy's stderr."""
    lines = [f"{case.name}: exopy differs from CPython"]
    if expected.status != actual.status:
        lines.append(f"exit status: CPython {expected.status}, exopy {actual.status}")
    diff = difflib.unified_diff(
        expected.stdout.splitlines(),
        actual.stdout.splitlines(),
        "cpython stdout",
        "exopy stdout",
        lineterm="",
    )
    diff_lines = list(diff)
    lines.extend(diff_lines)
    if not diff_lines and expected.stdout != actual.stdout:
        # splitlines() hides line-ending and final-newline differences; show the raw tails.
        lines.append(
            f"stdout differs only in line endings: CPython ends {expected.stdout[-40:]!r},"
            f" exopy ends {actual.stdout[-40:]!r}"
        )
    if actual.stderr:
        tail = actual.stderr.splitlines()[-30:]
        lines.append("--- exopy stderr (last 30 lines) ---")
        lines.extend(tail)
    return "\n".join(lines)


def compare_with_exopy(case: Case, expected: Outcome) -> str | None:
    """Run exopy on `case`: None when it does what CPython did, else a report saying how not."""
    try:
        actual = run_exopy(case)
    except subprocess.TimeoutExpired:
        return f"{case.name}: exopy did not finish within {TIMEOUT} s"
    except OSError as e:
        # Typically the binary is being relinked by a concurrent build.
        return f"{case.name}: could not start {EXOPY}: {e}"
    if any(mark in actual.stderr for mark in SANITIZER_MARKS):
        return f"{case.name}: sanitizer report from exopy:\n{actual.stderr}"
    if (expected.stdout, expected.status) != (actual.stdout, actual.status):
        return describe_mismatch(case, expected, actual)
    return None


def summarize(report: str) -> str:
    """The most telling line of a mismatch report, for a known_failures.txt reason."""
    lines = report.splitlines()[1:] or [report]
    for line in lines:
        if line.startswith(("exit status", "stdout differs", "+")) and not line.startswith("+++"):
            return line[:80]
    return lines[0][:80]


def case_params(with_known_failures: bool = True) -> list:
    """One pytest param a case; known failures become strict xfails when asked for."""
    known = load_known_failures() if with_known_failures else {}
    params = []
    for case in iter_cases():
        marks = [TARGET_MARK] if case.target_eligible else []
        if case.name in known:
            marks.append(pytest.mark.xfail(strict=True, reason=known[case.name]))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


pytestmark = pytest.mark.skipif(
    not EXOPY.is_file(),
    reason=f"{EXOPY} is missing: build it with `make exopy-host` (or set EXOPY=path)",
)


@pytest.fixture(scope="session")
def oracle() -> Oracle:
    return Oracle()


@pytest.mark.parametrize("case", case_params())
def test_case(case: Case, oracle: Oracle) -> None:
    expected = oracle.outcome(case)
    if case.topic != EXIT_STATUS_TOPIC and (expected.status or expected.stderr):
        pytest.fail(
            f"{case.name} is broken: under CPython itself it exits {expected.status}"
            f" and writes to stderr:\n{expected.stderr}",
            pytrace=False,
        )
    report = compare_with_exopy(case, expected)
    if report is not None:
        pytest.fail(report, pytrace=False)


def test_known_failures_name_existing_cases() -> None:
    names = {case.name for case in iter_cases()}
    stale = sorted(set(load_known_failures()) - names)
    assert not stale, f"{KNOWN_FAILURES.name} lists cases that do not exist: {stale}"


def test_known_failures_format(tmp_path: Path) -> None:
    listing = tmp_path / "known.txt"
    listing.write_text("# header\n\nints/a.py  # bignum division\nstrings/b.py\n", encoding="utf-8")
    assert load_known_failures(listing) == {
        "ints/a.py": "bignum division",
        "strings/b.py": "known failure",
    }
    assert load_known_failures(tmp_path / "absent.txt") == {}


def test_iter_cases_skips_helpers_and_selects_target_cases() -> None:
    names = [case.name for case in iter_cases()]
    target = [case.name for case in iter_cases(target_only=True)]
    assert names == sorted(names)
    assert "modules/import_module.py" in names
    assert not [name for name in names if "/_" in name]
    assert not [name for name in target if name.startswith("modules/")]
    assert set(target) < set(names)


def test_cases_are_small_and_say_what_they_test() -> None:
    problems = []
    for case in iter_cases():
        lines = case.path.read_text(encoding="utf-8-sig").splitlines()
        if len(lines) > MAX_CASE_LINES:
            problems.append(f"{case.name}: {len(lines)} lines, limit {MAX_CASE_LINES}")
        if not lines or not lines[0].startswith("# "):
            problems.append(f"{case.name}: first line must be a `# what this tests` comment")
    assert not problems, "\n".join(problems)


def imported_modules(tree: ast.AST) -> Iterator[str]:
    """Modules a script imports, except inside `try` (where a case tests a failing import)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Try):
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or ""
        yield from imported_modules(node)


def test_cases_import_only_subset_modules() -> None:
    problems = []
    for case in iter_cases():
        try:
            tree = ast.parse(case.path.read_text(encoding="utf-8-sig"))
        except SyntaxError:
            if case.topic != EXIT_STATUS_TOPIC:
                problems.append(f"{case.name}: does not parse")
            continue
        bad = [m for m in imported_modules(tree) if m not in SUBSET_MODULES and m[:1] != "_"]
        if bad:
            problems.append(f"{case.name}: imports {bad}")
    assert not problems, "\n".join(problems)


def test_suite_covers_the_subset() -> None:
    """The issue asks for at least 300 cases; a lost folder must not shrink the suite silently."""
    cases = list(iter_cases())
    assert len(cases) >= 300, f"only {len(cases)} cases"
    assert sum(case.target_eligible for case in cases) >= 250


@pytest.mark.slow
@pytest.mark.parametrize("case", case_params(with_known_failures=False))
def test_case_output_does_not_depend_on_hashing(case: Case, oracle: Oracle) -> None:
    """A case whose CPython output changes with the hash seed relies on set or hash order."""
    assert run_cpython(case, hash_seed=1) == oracle.outcome(case)


def main(argv: list[str]) -> int:
    """`python tests/exopy/test_conformance.py [--known-failures] [topic/name.py | topic ...]`.

    Runs the named cases (all when none is named) on two threads and prints each mismatch; with
    --known-failures prints only the failing names, in the format of known_failures.txt.
    """
    as_list = "--known-failures" in argv
    wanted = [a.rstrip("/") for a in argv if a != "--known-failures"]
    cases = [c for c in iter_cases() if not wanted or c.name in wanted or c.topic in wanted]
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda c: compare_with_exopy(c, run_cpython(c)), cases))
    failed = 0
    for case, report in zip(cases, reports, strict=True):
        if report is None:
            continue
        failed += 1
        if as_list:
            print(f"{case.name}  # {summarize(report)}")
        else:
            print(report, end="\n\n")
    print(f"{len(cases) - failed} of {len(cases)} cases match CPython", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
