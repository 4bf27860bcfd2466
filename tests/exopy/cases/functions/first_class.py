# Functions are values: stored, passed and returned.
def shout(s):
    return s.upper()


def whisper(s):
    return s.lower()


table = {"loud": shout, "soft": whisper}
for key in ("loud", "soft"):
    print(table[key]("Hello"))


def apply_twice(f, x):
    return f(f(x))


print(apply_twice(lambda v: v * 3, 2), shout.__name__, callable(shout))
