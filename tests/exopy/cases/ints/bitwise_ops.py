# &, |, ^ and ~ on small ints of both signs.
for a, b in ((12, 10), (-12, 10), (12, -10), (-12, -10), (0, 7)):
    print(a & b, a | b, a ^ b, ~a)
