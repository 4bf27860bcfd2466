# Converting ints to and from arbitrary bases by hand, checked against int().
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def to_base(n, b):
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, b)
        out.append(DIGITS[r])
    return sign + "".join(reversed(out))


for n in (0, 255, -255, 2**64, 10**30 + 7):
    reps = [to_base(n, b) for b in (2, 7, 16, 36)]
    print(reps[2], reps[3], all(int(r, b) == n for r, b in zip(reps, (2, 7, 16, 36))))
