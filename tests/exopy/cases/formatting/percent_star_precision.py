# % formatting takes width and precision from the arguments with *.
print("%.*f|%*.*s|%-*d|" % (2, 3.14159, 6, 2, "abcdef", 4, 7))
print("%*s|%-*s|%.*e" % (5, "r", 5, "l", 1, 12345.678))
print("%0*d %+.*f" % (6, 42, 0, 2.5))
