# f"{expr=}" prints the expression text, then its repr (or the formatted value).
x = 42
name = "exo"
print(f"{x=}", f"{name=}", f"{x * 2 = }", f"{x=:>6}", f"{name=!s}")
items = [1, 2]
print(f"{len(items)=} {items[0]=}")
