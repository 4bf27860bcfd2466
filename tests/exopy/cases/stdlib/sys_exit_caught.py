# sys.exit raises SystemExit, which can be caught like any exception.
import sys

for arg in (None, 0, 3, "message"):
    try:
        if arg is None:
            sys.exit()
        sys.exit(arg)
    except SystemExit as e:
        print(type(e).__name__, repr(e.code))
print("still running")
