# find/rfind return -1, index/rindex raise ValueError.
s = "abracadabra"
print(s.find("bra"), s.rfind("bra"), s.find("x"), s.find("a", 1), s.find("a", 1, 3))
print(s.index("cad"), s.rindex("a"), s.find(""), s.rfind(""))
try:
    s.index("zz")
except ValueError:
    print("ValueError")
