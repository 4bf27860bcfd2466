# Values of different types are unequal unless numeric; ordering them is a TypeError.
print(1 == "1", [] == (), [1] == (1,), None == 0, "" == b"", {} == [], 1 == 1.0 == True)
print(1 != "1", (1, 2) != [1, 2], frozenset({1}) == {1}, range(2) == [0, 1])
for a, b in ((None, 1), ("a", 1), ([1], (1,)), ({1}, 1)):
    try:
        a < b
    except TypeError:
        print("TypeError", type(a).__name__, type(b).__name__)
