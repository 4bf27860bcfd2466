# Iterators from iter() over user sequences using __getitem__.
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10


print(list(Seq()), list(iter(Seq())), 20 in Seq())
for v in Seq():
    print(v)
