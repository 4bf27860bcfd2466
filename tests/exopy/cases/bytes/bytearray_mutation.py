# bytearray append, extend, pop, insert, slice assignment and del.
ba = bytearray(b"hello")
ba.append(33)
ba.extend(b"??")
print(ba)
ba[0:5] = b"HEY"
print(ba, len(ba))
del ba[-1]
print(ba.pop(), ba)
ba.insert(0, 62)
print(ba)
