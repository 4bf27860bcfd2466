# gc.collect, enable, disable and isenabled; collection keeps live data intact.
import gc

data = [[i] * 3 for i in range(100)]
garbage = [[j] for j in range(1000)]
del garbage
print(type(gc.collect()).__name__)
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled(), sum(sum(row) for row in data))
