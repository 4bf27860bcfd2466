# Exceptions unwind through several frames, running finally blocks.
def level3():
    raise LookupError("deep")


def level2():
    try:
        level3()
    finally:
        print("level2 finally")


def level1():
    level2()
    print("not reached")


try:
    level1()
except LookupError as e:
    print("caught", e)
