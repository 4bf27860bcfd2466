# Sieve of Eratosthenes with nested loops.
N = 60
is_prime = [True] * (N + 1)
is_prime[0] = is_prime[1] = False
for i in range(2, N + 1):
    if is_prime[i]:
        for j in range(i * i, N + 1, i):
            is_prime[j] = False
print([i for i in range(N + 1) if is_prime[i]])
