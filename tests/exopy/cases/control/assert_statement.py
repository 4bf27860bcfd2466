# assert passes silently or raises AssertionError with the message.
assert 1 + 1 == 2
assert True, "never shown"
try:
    assert 1 > 2, "math is broken"
except AssertionError as e:
    print("AssertionError", e, e.args)
try:
    assert []
except AssertionError as e:
    print("AssertionError", e.args)
