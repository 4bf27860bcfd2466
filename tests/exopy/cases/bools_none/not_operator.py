# not binds looser than comparison and returns a bool.
x = 3
print(not x == 3, not x > 5, not not x)
print(not [], not [1], not None)
print(type(not 5).__name__)
