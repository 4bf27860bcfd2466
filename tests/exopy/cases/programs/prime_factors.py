# Trial-division factorisation of ints, including a product of big primes.
def factors(n):
    out = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        out.append(n)
    return out


for n in (2, 12, 97, 360, 2**16 + 1, 600851475143, 1000003 * 999983):
    print(n, factors(n))
