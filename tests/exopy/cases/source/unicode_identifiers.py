# Non-ASCII identifiers and string literals.
π = 3.14
naïve_größe = 2
Δx = π * naïve_größe
print(Δx, "größe", len("naïve"))
class Ünïcode:
    ñ = "eñe"
print(Ünïcode.ñ, Ünïcode.__name__)
