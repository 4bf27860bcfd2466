# copy is shallow; clear empties in place.
inner = [1]
d = {"k": inner, "n": 0}
c = d.copy()
c["n"] = 5
c["k"].append(2)
print(d, c)
alias = d
d.clear()
print(alias, c)
