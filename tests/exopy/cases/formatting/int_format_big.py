# Format specs on big ints.
n = 2**100
print(f"{n:,}")
print(f"{n:x} {n:o}")
print(f"{-n:>40}")
print("%d" % n, "%x" % n)
