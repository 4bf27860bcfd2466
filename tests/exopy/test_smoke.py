"""Quick end-to-end checks of the exopy command: -c, script files, modules imported from the
script's folder, built-in modules, sys.argv and input()."""

from __future__ import annotations

from pathlib import Path

from exopy_proc import needs_exopy, run, run_script

pytestmark = needs_exopy


def test_dash_c_runs_a_string() -> None:
    r = run(["-c", "import sys\nprint(sum(range(101)), sys.argv)", "x", "y"])
    assert (r.status, r.stdout) == (0, "5050 ['-c', 'x', 'y']\n")


def test_script_sees_its_arguments(tmp_path: Path) -> None:
    (tmp_path / "args.py").write_text("import sys\nprint(sys.argv[1:])\n")
    r = run(["args.py", "one", "2"], cwd=tmp_path)
    assert r.stdout == "['one', '2']\n"


def test_import_from_the_script_folder(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text(
        "NAME = 'helper'\n\ndef twice(x):\n    return 2 * x\n\nprint('loading', __name__)\n"
    )
    source = (
        "import helper\nfrom helper import twice as t\nimport helper as h2\n"
        "print(helper.NAME, t(21), h2 is helper)\n"
    )
    r = run_script(tmp_path, source)
    assert (r.status, r.stdout) == (0, "loading helper\nhelper 42 True\n")


def test_missing_module_is_module_not_found(tmp_path: Path) -> None:
    r = run_script(tmp_path, "try:\n    import nosuchmod\nexcept ImportError as e:\n    print(e)\n")
    assert r.stdout == "No module named 'nosuchmod'\n"


def test_builtin_modules(tmp_path: Path) -> None:
    source = (
        "import sys, gc, math, time\n"
        "t0 = time.monotonic()\n"
        "print(math.sqrt(16.0), math.gcd(12, 18), math.factorial(20))\n"
        "print(gc.collect() >= 0, gc.mem_free() > 0, sys.maxsize == 2**63 - 1)\n"
        "print(time.monotonic() >= t0, type(time.time()).__name__)\n"
    )
    r = run_script(tmp_path, source)
    assert r.stdout == "4.0 6 2432902008176640000\nTrue True True\nTrue float\n"


def test_input_reads_stdin_lines(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text(
        "a = input()\nb = input('> ')\nprint(a.upper(), int(b) + 1)\n"
        "try:\n    input()\nexcept EOFError:\n    print('eof')\n"
    )
    r = run(["t.py"], stdin="hello\n41\n", cwd=tmp_path)
    assert r.stdout == "> HELLO 42\neof\n"


def test_utf8_source_and_output(tmp_path: Path) -> None:
    r = run_script(tmp_path, "s = 'héllo wörld €'\nprint(len(s), s.upper(), s[1], repr(s[-1]))\n")
    assert r.stdout == "13 HÉLLO WÖRLD € é '€'\n"


def test_sys_stdin_and_stdout_streams(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text(
        "import sys\nfirst = sys.stdin.readline()\nrest = [line.strip() for line in sys.stdin]\n"
        "sys.stdout.write(repr(first) + ' ' + str(rest) + '\\n')\n"
        "print('to stderr', file=sys.stderr)\n"
    )
    r = run(["t.py"], stdin="a\nb\nc\n", cwd=tmp_path)
    assert r.stdout == "'a\\n' ['b', 'c']\n"
    assert r.stderr == "to stderr\n"
