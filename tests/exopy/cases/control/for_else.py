# for/else runs the else branch only when the loop did not break.
for target in (3, 7):
    for x in [1, 3, 5]:
        if x == target:
            print("found", x)
            break
    else:
        print("not found", target)
for x in []:
    pass
else:
    print("empty loop else")
