# |=, &=, -=, ^= and update methods change the set in place.
s = {1, 2, 3}
alias = s
s |= {4}
s &= {1, 2, 4, 8}
s -= {2}
s ^= {1, 10}
print(sorted(s), alias is s)
s.update([20, 21], (22,))
s.intersection_update(range(15, 25))
print(sorted(s))
s.difference_update({20})
print(sorted(s))
