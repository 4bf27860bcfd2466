# input() strips only the newline, keeps spaces, and reads a last line without newline.
a = input()
b = input()
c = input()
print(repr(a), repr(b), repr(c))
try:
    input()
except EOFError:
    print("EOFError")
