# A context manager that records a resource's lifecycle even on error.
log = []


class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        log.append("acquire " + self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        log.append("release " + self.name + (" after " + exc_type.__name__ if exc_type else ""))


for name in ("r1", "r2"):
    try:
        with Resource(name):
            if name == "r2":
                raise RuntimeError
    except RuntimeError:
        log.append("handled")
print(log)
