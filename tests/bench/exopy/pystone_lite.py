# pystone_lite.py: a small pystone-like benchmark (records, calls, branches, string and list work)
# for exopy; prints the checksum (equal on CPython) and, on the target, the instructions retired
# for the whole run and for one loop (`bench exopy_pystone N`, `bench exopy_pystone_per_loop N`).
LOOPS = 2000


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


def main(loops=LOOPS):
    try:
        import exo  # the target's module; elsewhere another `exo` or none
    except ImportError:
        exo = None
    if not hasattr(exo, "instret"):
        exo = None
    start = exo.instret() if exo else 0
    result = run(loops)
    if exo:
        spent = exo.instret() - start
    print("pystone_lite", loops, "loops:", result)
    if exo:
        print("bench exopy_pystone", spent)
        print("bench exopy_pystone_per_loop", spent // loops)


main()
