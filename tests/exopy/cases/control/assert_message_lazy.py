# The assert message is evaluated only when the assertion fails.
assert True, 1 / 0
calls = []


def msg():
    calls.append("msg")
    return "built"


assert 1 == 1, msg()
try:
    assert 1 == 2, msg()
except AssertionError as e:
    print(e, calls)
