"""What exists only to be fast: the persistent cache, shared rendering, reused pages and workers."""
