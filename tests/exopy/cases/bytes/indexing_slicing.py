# Indexing bytes gives ints; slicing gives bytes.
b = b"hello"
print(b[0], b[-1], b[1:3], b[::-1], b[::2])
print(list(b), type(b[0]).__name__, type(b[0:1]).__name__)
try:
    b[10]
except IndexError:
    print("IndexError")
