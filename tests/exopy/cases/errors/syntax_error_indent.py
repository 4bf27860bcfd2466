# An indentation error is a SyntaxError too: exit 1, no output.
print("must not be printed")
def f():
    return 1
      print("over-indented")
