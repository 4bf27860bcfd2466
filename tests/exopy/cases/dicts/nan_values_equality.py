# Containers compare items by identity first, so the same nan object is equal to itself.
nan = float("nan")
print({1: nan} == {1: nan}, [nan] == [nan], (nan,) == (nan,))
print({1: nan} == {1: float("nan")}, [float("nan")] == [float("nan")])
d = {nan: "found"}
print(d[nan], nan in d, float("nan") in d)
