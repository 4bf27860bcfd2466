# Growing a list with append, extend, insert and +=.
a = []
a.append(1)
a.extend([2, 3])
a.extend(range(4, 6))
a.insert(0, 0)
a.insert(100, 99)
a.insert(-1, 50)
a += "xy"
print(a)
