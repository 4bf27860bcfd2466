# str() of numbers, containers and nested values.
print(str(123), str(-0.5), str(10**21), str(1e21), str([None, "x"]), str(("a",)))
print(str({1: "one"}), str({2}), str(frozenset()), str(set()))
