"""The REPL on stdin/stdout: prompts, continuation lines, echo of expression results with repr,
the last result in `_`, errors printed without ending the session, and end of input."""

from __future__ import annotations

from exopy_proc import needs_exopy, run

pytestmark = needs_exopy


def repl(session: str) -> tuple[list[str], str]:
    """Feed lines to the REPL; the outputs that follow each prompt, and stderr."""
    r = run([], stdin=session)
    assert r.status == 0, r.stderr
    return r.stdout.split(">>> "), r.stderr


def test_expression_results_are_echoed_with_repr() -> None:
    out, _ = repl("1 + 2\n'text'\n[1, 'a', None]\nNone\n")
    assert out == ["", "3\n", "'text'\n", "[1, 'a', None]\n", "", "\n"]


def test_assignments_are_silent_and_underscore_holds_the_last_result() -> None:
    out, _ = repl("x = 6\nx * 7\n_ + 1\n_\n")
    assert out == ["", "", "42\n", "43\n", "43\n", "\n"]


def test_compound_statement_continues_until_a_blank_line() -> None:
    out, _ = repl("for i in range(3):\n    print(i * i)\n\ni\n")
    assert out[1] == "... ... 0\n1\n4\n"
    assert out[2] == "2\n"


def test_open_brackets_continue_without_a_blank_line() -> None:
    out, _ = repl("[1,\n 2,\n 3]\n")
    assert out[1] == "... ... [1, 2, 3]\n"


def test_function_defined_then_called() -> None:
    out, _ = repl("def sq(n):\n    return n * n\n\nsq(12)\n")
    assert out[1] == "... ... "
    assert out[2] == "144\n"


def test_an_error_is_printed_and_the_session_goes_on() -> None:
    out, err = repl("1 / 0\nprint('alive')\nundefined_name\n2 ** 10\n")
    assert out[2] == "alive\n"
    assert out[4] == "1024\n"
    assert "ZeroDivisionError: division by zero" in err
    assert "NameError: name 'undefined_name' is not defined" in err
    assert 'File "<stdin>", line 1, in <module>' in err


def test_syntax_error_in_the_repl_is_reported() -> None:
    out, err = repl("x = = 1\nprint('next')\n")
    assert "SyntaxError" in err
    assert out[2] == "next\n"


def test_sys_exit_in_the_repl_sets_the_status() -> None:
    r = run([], stdin="import sys\nsys.exit(4)\nprint('not reached')\n")
    assert r.status == 4
    assert "not reached" not in r.stdout


def test_end_of_input_inside_a_block_runs_it() -> None:
    out, _ = repl("if True:\n    print('ran')")
    assert "ran\n" in out[1]


def test_crlf_line_ends_are_one_end() -> None:
    out, _ = repl("1 + 2\r\nfor i in range(2):\r\n    print(i)\r\n\r\n3 * 3\r\n")
    assert out == ["", "3\n", "... ... 0\n1\n", "9\n", "\n"]


def test_lines_longer_than_the_editor_buffer() -> None:
    out, _ = repl("x = '" + "a" * 3000 + "'\nlen(x)\nlen(input())\n" + "b" * 5000 + "\n")
    assert out == ["", "", "3000\n", "5000\n", "\n"]


def test_ctrl_d_byte_soft_resets() -> None:
    out, _ = repl("x = 1\n\x04x = 2\nx\n")
    assert out == ["", "", "\nEXOPY: soft reboot\n", "", "2\n", "\n"]


def test_raw_repl_over_a_pipe() -> None:
    r = run([], stdin="\x01print(5)\x04raise KeyError(7)\x04\x02")
    assert r.status == 0
    # the frame's bytes stay on stdout; only the error text is on stderr
    assert r.stdout == ">>> \nraw REPL; CTRL-B to exit\n>OK5\n\x04\x04>OK\x04\x04>\n>>> \n"
    assert r.stderr.startswith("Traceback (most recent call last):\n")
    assert r.stderr.endswith("KeyError: 7\n")
