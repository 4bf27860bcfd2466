# divmod agrees with // and % and satisfies q*b + r == a.
for a in (23, -23, 100, -1, 0, 2**70, -(2**70)):
    for b in (5, -5, 7, 2**35):
        q, r = divmod(a, b)
        print(a, b, q, r, q * b + r == a, (q, r) == (a // b, a % b))
