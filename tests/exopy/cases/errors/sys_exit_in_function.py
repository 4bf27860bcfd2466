# sys.exit deep in a call stack unwinds through finally blocks and sets the status.
import sys


def inner():
    try:
        sys.exit(7)
    finally:
        print("inner finally")


def outer():
    try:
        inner()
    except ValueError:
        print("not reached")
    finally:
        print("outer finally")


outer()
print("never printed")
