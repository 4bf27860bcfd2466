# finally runs on return, break and continue; a return in finally wins.
def f():
    try:
        return "try"
    finally:
        print("finally in f")


def g():
    try:
        return "try"
    finally:
        return "finally"


print(f(), g())
for i in range(3):
    try:
        if i == 1:
            continue
        if i == 2:
            break
    finally:
        print("loop finally", i)
