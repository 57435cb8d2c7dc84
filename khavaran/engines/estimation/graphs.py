"""Decomposable (chordal) graphs on a few vertices, with their cliques and separators."""

from __future__ import annotations

from functools import cache
from itertools import combinations

Clique = frozenset[int]


@cache
def decomposable_graphs(
    n_vertices: int,
) -> tuple[tuple[tuple[Clique, ...], tuple[Clique, ...]], ...]:
    """Every decomposable graph on ``n_vertices`` labelled vertices.

    Args:
        n_vertices: number of lists (dga uses 3 to 5).

    Returns:
        One (cliques, separators) pair per graph; separators of a junction tree, empty ones
        (between connected components) left out, as R's dga does.

    Example:
        >>> len(decomposable_graphs(3))
        8
    """
    edges = list(combinations(range(n_vertices), 2))
    graphs = []
    for bits in range(2 ** len(edges)):
        chosen = {e for i, e in enumerate(edges) if bits >> i & 1}
        adjacency = {v: set() for v in range(n_vertices)}  # type: dict[int, set[int]]
        for a, b in chosen:
            adjacency[a].add(b)
            adjacency[b].add(a)
        if is_chordal(adjacency):
            cliques = maximal_cliques(adjacency)
            graphs.append((cliques, junction_separators(cliques)))
    return tuple(graphs)


def is_chordal(adjacency: dict[int, set[int]]) -> bool:
    """True when repeatedly removing a simplicial vertex empties the graph."""
    remaining = {v: set(n) for v, n in adjacency.items()}
    while remaining:
        simplicial = next(
            (
                v
                for v, nbrs in remaining.items()
                if all(b in remaining[a] for a, b in combinations(nbrs, 2))
            ),
            None,
        )
        if simplicial is None:
            return False
        for other in remaining.pop(simplicial):
            remaining[other].discard(simplicial)
    return True


def maximal_cliques(adjacency: dict[int, set[int]]) -> tuple[Clique, ...]:
    """Maximal complete vertex sets (brute force: the graphs here have at most five vertices)."""
    vertices = sorted(adjacency)
    complete = [
        frozenset(s)
        for k in range(1, len(vertices) + 1)
        for s in combinations(vertices, k)
        if all(b in adjacency[a] for a, b in combinations(s, 2))
    ]
    return tuple(sorted((c for c in complete if not any(c < d for d in complete)), key=sorted))


def junction_separators(cliques: tuple[Clique, ...]) -> tuple[Clique, ...]:
    """Non-empty separators of a junction tree: a maximum spanning tree of clique intersections."""
    pairs = sorted(
        ((len(a & b), i, j) for (i, a), (j, b) in combinations(enumerate(cliques), 2)),
        reverse=True,
    )
    component = list(range(len(cliques)))

    def root(i: int) -> int:
        while component[i] != i:
            i = component[i]
        return i

    separators = []
    for weight, i, j in pairs:
        if root(i) != root(j):
            component[root(i)] = root(j)
            if weight > 0:
                separators.append(cliques[i] & cliques[j])
    return tuple(separators)
