# __lt__ makes instances sortable and usable with min/max.
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))

    def __lt__(self, other):
        return self.parts < other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


vs = [Version(s) for s in ("1.10", "1.2", "0.9.9", "1.2.1")]
print(sorted(vs), min(vs), max(vs))
print(Version("1.0") < Version("1.1"), Version("2.0") > Version("1.5"))
print(sorted(vs, reverse=True))
