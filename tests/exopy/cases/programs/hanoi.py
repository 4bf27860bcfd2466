# Towers of Hanoi: the move list and its length.
def hanoi(n, src, dst, via, moves):
    if n:
        hanoi(n - 1, src, via, dst, moves)
        moves.append((src, dst))
        hanoi(n - 1, via, dst, src, moves)
    return moves


print(hanoi(3, "A", "C", "B", []))
print(len(hanoi(10, "A", "C", "B", [])))
