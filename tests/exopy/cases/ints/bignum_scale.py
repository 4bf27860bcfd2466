# Big ints with thousands of digits: parsing, printing, bases, factorials, modular powers.
n = int("9" * 4000)
s = str(n)
print(len(s), s[:5], n % 97, (n + 1) == 10**4000)
m = 10**4000 // 7
print(len(str(m)), str(m)[-10:], m.bit_length())
x = 3**8000
print(len(str(x)), x % 1000007, x.bit_length())
print(hex(2**10000)[:10], len(bin(2**10000)), oct(7**1000)[-5:])
f = 1
for i in range(1, 800):
    f *= i
print(f.bit_length(), f % (2**61 - 1), f // (f // 3))
print(pow(3, 10**5, 10**9 + 7), pow(12345678901234567890, 98765, 2**127 - 1))
