# slice objects have start/stop/step and index sequences.
s = slice(1, 5, 2)
print(s.start, s.stop, s.step)
print("abcdefg"[s], [0, 1, 2, 3, 4, 5][s], (9, 8, 7, 6, 5)[slice(3)])
t = slice(None, None, -1)
print("abc"[t], t.start, t.stop)
print(slice(2) == slice(None, 2, None))
