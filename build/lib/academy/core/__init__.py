"""The core: sources → model → audience view. Plain Python: it imports neither MkDocs nor the cache."""
