#!/usr/bin/env python3
"""Prints the dependency edges between the server's folders (from `using CodeAssist.Server.X`) and every cycle among them.
Exits 1 when there is a cycle. ARCHITECTURE.md's layer rule says there must be none."""
import collections
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server")
USING = re.compile(r"^using (?:static )?CodeAssist\.Server\.(\w+)", re.M)


def folder_edges(root):
    edges = collections.defaultdict(set)
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ("bin", "obj")]
        for name in files:
            if not name.endswith(".cs"):
                continue
            parts = os.path.relpath(os.path.join(directory, name), root).split(os.sep)
            source = parts[0] if len(parts) > 1 else "(root)"
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                for target in USING.findall(f.read()):
                    if target != source:
                        edges[source].add(target)
    return edges


def cycles(edges):
    """Tarjan's strongly connected components with more than one folder."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(set(edges) | {t for targets in edges.values() for t in targets}):
        if node not in index:
            visit(node)
    return found


if __name__ == "__main__":
    graph = folder_edges(ROOT)
    for source in sorted(graph):
        print(f"{source} -> {', '.join(sorted(graph[source]))}")
    found = cycles(graph)
    for component in found:
        print("cycle: " + ", ".join(component))
    sys.exit(1 if found else 0)
