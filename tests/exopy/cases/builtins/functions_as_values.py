# Built-in functions can be stored, passed and compared.
funcs = [len, str, abs, max]
print([f.__name__ for f in funcs])
print(sorted([-3, 2, -1], key=abs), list(map(abs, [-1, 2])))
f = max
print(f(1, 5, 3), f is max, f == max)
