# Extended slices read, assigned and deleted across str, list, tuple, range and bytearray.
s = "abc"
print(s[1:2:1], s[::1], s[-1::-1], s[2:0:-1], s[10:0:-1], s[-10::], s[:-10], s[::-10])
l = list(range(6))
l[1:5:2] = "xy"
print(l)
l[4:1:-1] = [7, 8, 9]
print(l)
del l[::-2]
print(l)
l[len(l) :] = [0]
l[-100:0] = ["start"]
print(l)
try:
    l[0:4:2] = [1, 2, 3]
except ValueError:
    print("ValueError")
t = tuple(range(10))
print(t[::3], t[-2:], t[5:2:-1], t[slice(-3, None)])
r = range(20)
print(r[5:15:3], r[::-4], r[-3:], list(r[3:1]), r[slice(2, None, 7)])
b = bytearray(range(8))
b[::2] = b"\xff" * 4
del b[1::3]
print(b)
print("abcdef"[slice(1, -1)], "abcdef"[slice(None, None, 2)], [1, 2, 3][slice(5)])
