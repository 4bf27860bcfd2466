# Sorting a thousand pseudo-random ints and strings.
seed = 12345
nums = []
for _ in range(1000):
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
    nums.append(seed >> 50)
s = sorted(nums)
print(s[:8], s[-3:], all(s[i] <= s[i + 1] for i in range(len(s) - 1)))
words = [str(n) for n in nums]
print(sorted(words)[:5], sorted(words, key=int) == [str(n) for n in s])
nums.sort(key=lambda n: (n % 7, -n))
print(nums[:6])
