# Tab indentation, backslash continuations, semicolons and one-line compound statements.
if True:
	x = 1 + \
	    2
	print(x)
a = 1; b = 2; print(a + b)
if a: print("one-liner")
for i in range(2): print(i)
while a: a -= 1; print("loop body", a)
def f(): return "def on one line"
print(f())
