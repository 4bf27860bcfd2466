# The name bound by `except ... as e` is deleted after the handler.
try:
    raise ValueError("x")
except ValueError as e:
    msg = str(e)
print(msg)
try:
    print(e)
except NameError:
    print("NameError: e is gone")
