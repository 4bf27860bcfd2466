# __getitem__ receives slice objects for slice syntax.
class Recorder:
    def __getitem__(self, key):
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step)
        return ("index", key)


r = Recorder()
print(r[3], r[1:2], r[::3], r[:-1], r["k"], r[1, 2])
