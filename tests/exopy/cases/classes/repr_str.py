# __repr__ and __str__ drive repr(), str(), print and containers.
class Both:
    def __repr__(self):
        return "Both()"

    def __str__(self):
        return "both!"


class ReprOnly:
    def __repr__(self):
        return "R"


b = Both()
r = ReprOnly()
print(b, repr(b), str(b), [b], f"{b} {b!r}")
print(r, str(r), [r, r], (r,), {"k": r})
