# str and repr of ints agree and int(str(n)) round-trips.
for n in (0, -1, 10**25, -(10**25), 2**63, 2**63 - 1, -(2**63)):
    s = str(n)
    print(s, repr(n) == s, int(s) == n)
