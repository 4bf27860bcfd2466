# demo.py: what `make run` runs in exopy when no terminal is attached (CI): the language and the
# exo module on the exokernel.
import exo

print("exopy on exo: env", hex(exo.env()), "holding", exo.pages(), "pages, slots", exo.slots())
squares = {n: n * n for n in range(8)}
print("squares:", squares)
print("primes:", [n for n in range(2, 50) if all(n % d for d in range(2, n))])
page = exo.alloc_page()
print("bound page", hex(page), "->", exo.pages(), "pages; freed")
exo.free_page(page)
t0 = exo.time()
total = sum(i * i for i in range(10000))
print("sum of squares below 10000:", total, "in", (exo.time() - t0) * 1000 // exo.timebase(), "ms")
