# Sorting with key functions is stable.
people = [("ann", 30), ("bob", 25), ("cid", 30), ("dee", 25), ("eve", 35)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(["bb", "a", "ccc", "dd"], key=len))
print(sorted([-3, 1, -2, 4], key=abs))
