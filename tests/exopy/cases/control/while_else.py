# while/else runs the else branch when the condition becomes false.
def find(items, want):
    i = 0
    while i < len(items):
        if items[i] == want:
            print("break at", i)
            break
        i += 1
    else:
        print("exhausted at", i)


find([4, 5, 6], 5)
find([4, 5, 6], 9)
