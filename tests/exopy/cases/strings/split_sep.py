# split with a separator keeps empty fields; maxsplit limits.
print("a,b,,c,".split(","))
print("a::b::c".split("::"))
print("a,b,c,d".split(",", 1), "a,b,c,d".split(",", 0))
print("".split(","))
try:
    "abc".split("")
except ValueError:
    print("ValueError empty separator")
