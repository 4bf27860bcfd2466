# find/count/replace/split corner cases: empty needles, negative bounds, overlaps.
s = "abcabc"
print(s.find("", 6), s.find("", 7), s.find("c", -2), s.rfind("a", -6, -2), s.find("b", 2, -1))
print(s.count("", 2), "aaa".count("aa"), "aaaa".split("aa"), "aaa".split("aa"), s.count("c", -1))
print(
    "abc".replace("", "-", 2),
    "aaa".replace("aa", "b"),
    s.startswith("bc", -5),
    s.endswith("ab", 0, -4),
)
print("x".rjust(3, "é"), "é".zfill(3), "abc".index("c", -1), "abc".rindex("a", 0, 1))
