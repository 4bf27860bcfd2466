# time functions exist and behave monotonically; values themselves are not compared.
import time

t0 = time.monotonic()
time.sleep(0)
t1 = time.monotonic()
print(t1 >= t0, type(t0).__name__, type(time.time()).__name__, time.time() > 1e9)
a = time.time()
b = time.time()
print(b >= a)
