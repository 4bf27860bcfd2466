# Long operator chains and deeply nested parentheses compile and evaluate correctly.
# fmt: off
total = 1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1
prod = 2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2
nested = ((((((((((((((((((((((((((((((1 + 2))))))))))))))))))))))))))))))
lists = [[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]
# fmt: on
print(total, prod, nested, lists)
cond = 1 if 0 else 2 if 0 else 3 if 0 else 4 if 0 else 5 if 0 else 6
chain = 0 < 1 < 2 < 3 < 4 < 5 < 6 < 7 < 8 < 9 < 10 < 11 < 12 < 13 < 14 < 15
print(cond, chain, "a" + "b" + "c" + "d" + "e" + "f" + "g" + "h" + "i" + "j")
