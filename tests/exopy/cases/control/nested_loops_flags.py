# Finding a pair in nested loops with for/else to break out of both.
target = 17
nums = [2, 5, 8, 9, 11]
for i, a in enumerate(nums):
    for b in nums[i + 1 :]:
        if a + b == target:
            print("pair", a, b)
            break
    else:
        continue
    break
else:
    print("no pair")
