"""Types of the compiled ledger lookup (judge/_lookup.c)."""

def candidates(
    postings: list[list[int]], weights: dict[int, float], limit: int, budget: int, /
) -> tuple[list[int], float]: ...
def top(
    rtoks: list[tuple[int, ...]],
    logdf: list[float],
    cands: list[int],
    weights: dict[int, float],
    base: float,
    total: float,
    lightest: float,
    idf_scale: float,
    k: int,
    /,
) -> list[tuple[float, int]]: ...
