# str.join on lists, tuples, generators; non-str items fail.
print(",".join(["a", "b", "c"]), "".join(("x", "y")), "-".join("abc"))
print(" ".join(str(i) for i in range(5)))
print("|".join([]), "|".join(["solo"]))
try:
    ",".join(["a", 1])
except TypeError:
    print("TypeError")
