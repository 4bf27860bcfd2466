# range with big bounds is lazy.
r = range(0, 10**20, 10**18)
print(len(r), r[5], r[-1], 10**19 in r, 10**19 + 1 in r)
print(range(2**64, 2**64 + 3)[1])
