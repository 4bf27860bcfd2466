# pystone_lite.py: a small pystone-like benchmark (records, calls, branches, string and list work)
# for exopy; prints the checksum (equal on CPython) and, on the target, the `time` ticks it took.
class Record:
    def __init__(self, ptr=None, discr=0, enum=0, num=0, text=""):
        self.ptr = ptr
        self.discr = discr
        self.enum = enum
        self.num = num
        self.text = text

    def copy(self):
        return Record(self.ptr, self.discr, self.enum, self.num, self.text)


def proc_add(a, b):
    return a + b if a < b else a - b


def proc_record(r, n):
    nxt = r.copy()
    nxt.num = proc_add(r.num, n) % 1000
    nxt.enum = (r.enum + 1) % 5
    nxt.text = f"DHRYSTONE PROGRAM, {nxt.num % 3}'TH STRING"
    return nxt


def run(loops):
    glob = Record(None, 0, 2, 40, "DHRYSTONE PROGRAM, SOME STRING")
    arr = [0] * 51
    total = 0
    for i in range(loops):
        glob = proc_record(glob, i)
        arr[i % 51] += glob.num
        if glob.text[19] == "2" and glob.enum in (1, 3):
            total += len(glob.text)
        else:
            total ^= arr[(i * 7) % 51]
    return total, sum(arr)


def main(loops=2000):
    try:
        import exo  # the target's module; elsewhere another `exo` or none
    except ImportError:
        exo = None
    if not hasattr(exo, "timebase"):
        exo = None
    t0 = exo.time() if exo else 0
    result = run(loops)
    print("pystone_lite", loops, "loops:", result)
    if exo:
        print("ticks", exo.time() - t0)


main()
