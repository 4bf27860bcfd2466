# Exceptions with tracebacks and context, and string building, under constant collection.
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code


def fail(n):
    if n == 0:
        raise AppError(42, "bottom")
    return fail(n - 1)


caught = []
for i in range(5):
    try:
        try:
            fail(i)
        except AppError as e:
            raise ValueError(f"wrapped {e.code}") from e
    except ValueError as e:
        caught.append((str(e), str(e.__cause__), e.__cause__.code))
print(caught[-1], len(caught))
parts = []
for i in range(200):
    parts.append(f"{i:03d}|{i * 3.5:.1f}|{hex(i)}")
s = ";".join(parts)
print(len(s), s[:40], s.count("|"), s.split(";")[77])
print("%s-%d-%r" % ("a", 7, "b"), "{:>6}|{:<6}|{:^6}".format(1, 2, 3))
