"""exopy's failure behaviour: syntax errors name the line, uncaught exceptions print CPython's
traceback and exit 1, deep recursion is a RecursionError, an exhausted heap is a MemoryError,
and no run ever ends in a sanitizer report."""

from __future__ import annotations

from pathlib import Path

import pytest
from exopy_proc import needs_exopy, run, run_script

pytestmark = needs_exopy


@pytest.mark.parametrize(
    ("source", "line", "kind"),
    [
        ("x = 1\ny = 2\nz = (3,\n", 3, "SyntaxError"),
        ("x = 1\nif x\n    pass\n", 2, "SyntaxError"),
        ("def f():\n    return 1\n  x = 2\n", 3, "IndentationError"),
        ("print(1)\n\n\nreturn 5\n", 4, "SyntaxError"),
        ("a = 1\n1 = a\n", 2, "SyntaxError"),
        ("s = 'abc\n", 1, "SyntaxError"),
        ("x = 5 $ 3\n", 1, "SyntaxError"),
        ("for i in range(3):\nprint(i)\n", 2, "IndentationError"),
    ],
)
def test_syntax_error_names_the_line(tmp_path: Path, source: str, line: int, kind: str) -> None:
    r = run_script(tmp_path, source)
    assert r.status == 1
    assert r.stdout == ""  # the file is compiled before anything runs
    assert f'File "t.py", line {line}' in r.stderr
    assert r.stderr.splitlines()[-1].startswith(f"{kind}: ")


def test_uncaught_exception_prints_cpython_traceback(tmp_path: Path) -> None:
    source = "def f(x):\n    return 10 // x\n\nprint('before')\nf(0)\nprint('after')\n"
    r = run_script(tmp_path, source)
    assert r.status == 1
    assert r.stdout == "before\n"
    assert r.stderr.splitlines() == [
        "Traceback (most recent call last):",
        '  File "t.py", line 5, in <module>',
        '  File "t.py", line 2, in f',
        "ZeroDivisionError: integer division or modulo by zero",
    ]


def test_chained_exceptions_are_printed_in_order(tmp_path: Path) -> None:
    source = "try:\n    {}['k']\nexcept KeyError as e:\n    raise ValueError('bad') from e\n"
    r = run_script(tmp_path, source)
    assert r.status == 1
    err = r.stderr
    assert "KeyError: 'k'" in err
    assert "The above exception was the direct cause of the following exception:" in err
    assert err.index("KeyError") < err.index("ValueError: bad")
    implicit = run_script(tmp_path, "try:\n    1/0\nexcept ZeroDivisionError:\n    x\n")
    assert "During handling of the above exception, another exception occurred:" in implicit.stderr
    assert implicit.stderr.splitlines()[-1] == "NameError: name 'x' is not defined"


def test_user_exception_with_message(tmp_path: Path) -> None:
    r = run_script(tmp_path, "class Oops(Exception):\n    pass\n\nraise Oops('it broke')\n")
    assert r.status == 1
    assert r.stderr.splitlines()[-1] == "Oops: it broke"


@pytest.mark.parametrize(
    ("source", "status", "stderr_tail"),
    [
        ("import sys\nsys.exit(3)\n", 3, None),
        ("import sys\nsys.exit()\n", 0, None),
        ("import sys\nsys.exit('fatal: no config')\n", 1, "fatal: no config"),
        ("raise SystemExit(7)\n", 7, None),
    ],
)
def test_system_exit_sets_the_status(
    tmp_path: Path, source: str, status: int, stderr_tail: str | None
) -> None:
    r = run_script(tmp_path, source)
    assert r.status == status
    if stderr_tail is None:
        assert "Traceback" not in r.stderr
    else:
        assert r.stderr.strip() == stderr_tail


def test_deep_recursion_is_a_recursion_error(tmp_path: Path) -> None:
    r = run_script(tmp_path, "def f(n):\n    return f(n + 1) + 1\n\nf(0)\n")
    assert r.status == 1
    lines = r.stderr.splitlines()
    assert lines[-1] == "RecursionError: maximum recursion depth exceeded"
    assert any(line.startswith("  [Previous line repeated") for line in lines)


def test_recursion_error_can_be_caught_and_the_program_goes_on(tmp_path: Path) -> None:
    source = (
        "def f(n):\n    return f(n + 1)\n\n"
        "for i in range(3):\n"
        "    try:\n        f(0)\n    except RecursionError:\n        print('caught', i)\n"
        "print(sum(range(10)))\n"
    )
    r = run_script(tmp_path, source)
    assert (r.status, r.stdout) == (0, "caught 0\ncaught 1\ncaught 2\n45\n")


@pytest.mark.parametrize(
    "source",
    [
        # C-level recursion: repr of a deeply nested list built without recursion
        "x = []\nfor i in range(200000):\n    x = [x]\nprint(len(repr(x)))\n",
        # the parser and compiler on deeply nested source
        "x = " + "(" * 50000 + "1" + ")" * 50000 + "\n",
        # comparisons of deeply nested structures
        "a = []\nb = []\nfor i in range(200000):\n    a = [a]\n    b = [b]\nprint(a == b)\n",
    ],
    ids=["repr", "parens", "compare"],
)
def test_deep_c_recursion_never_overflows_the_stack(tmp_path: Path, source: str) -> None:
    r = run_script(tmp_path, source)
    assert r.status == 1
    assert "RecursionError" in r.stderr.splitlines()[-1]


def test_long_unary_chain_runs_or_is_a_recursion_error(tmp_path: Path) -> None:
    r = run_script(tmp_path, "x = " + "not " * 100000 + "1\nprint(x)\n")
    if r.status == 0:
        assert r.stdout == "True\n"
    else:
        assert r.stderr.splitlines()[-1].startswith("RecursionError")


def test_memory_error_when_the_arena_is_exhausted(tmp_path: Path) -> None:
    source = (
        "chunks = []\n"
        "try:\n"
        "    while True:\n"
        "        chunks.append('x' * 10000)\n"
        "except MemoryError:\n"
        "    n = len(chunks)\n"
        "    chunks = None\n"
        "    print('MemoryError after', n > 10, 'chunks')\n"
        "print('still running', sum(range(100)))\n"
    )
    r = run_script(tmp_path, source, env={"EXOPY_HEAP": str(2 << 20)})
    assert (r.status, r.stdout) == (0, "MemoryError after True chunks\nstill running 4950\n")


def test_uncaught_memory_error_exits_1(tmp_path: Path) -> None:
    r = run_script(tmp_path, "x = [0] * (1 << 30)\n", env={"EXOPY_HEAP": str(2 << 20)})
    assert r.status == 1
    assert r.stderr.splitlines()[-1] == "MemoryError"


def test_repl_survives_memory_error() -> None:
    session = "hog = []\nwhile True: hog.append([1] * 1000)\n\nhog = None\nprint('after', 6 * 7)\n"
    r = run([], stdin=session, env={"EXOPY_HEAP": str(2 << 20)})
    assert r.status == 0
    assert "MemoryError" in r.stderr
    assert "after 42\n" in r.stdout


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("class A: pass\nclass B: pass\nclass C(A, B): pass\n", "NotImplementedError"),
        ("x = 3j\n", "SyntaxError"),
        ("async def f():\n    pass\n", "SyntaxError"),
        ("x = 1\nmatch x:\n    case 1:\n        pass\n", "SyntaxError"),
    ],
)
def test_outside_the_subset_is_a_clear_error(tmp_path: Path, source: str, kind: str) -> None:
    r = run_script(tmp_path, source)
    assert r.status == 1
    assert r.stderr.splitlines()[-1].startswith(f"{kind}: ")


def test_missing_file_is_reported() -> None:
    r = run(["/nonexistent/exopy-test.py"])
    assert r.status == 2
    assert "can't open file" in r.stderr


def test_bare_raise_deep_inside_nested_handlers(tmp_path: Path) -> None:
    """The stack of exceptions being handled grows with the recursion, so a bare `raise` at the
    bottom re-raises the right one."""
    source = (
        "import sys\nsys.setrecursionlimit(3000)\n"
        "def g(n):\n    try:\n        raise KeyError(n)\n    except KeyError:\n"
        "        if n:\n            return g(n - 1)\n        raise\n"
        "try:\n    g(1500)\nexcept KeyError as e:\n    print('reraised', e)\n"
    )
    r = run_script(tmp_path, source)
    assert (r.status, r.stdout) == (0, "reraised 0\n")
