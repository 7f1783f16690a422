"""The programme owner's report: coverage of role x stage per audience, drafts, stale content, orphans.

Plain Python over the validated model and each audience's view, like the core: it imports
neither MkDocs nor the cache. ``config`` reads the ``report`` settings of ``mkdocs.yml``,
``coverage`` counts the matrix, ``findings`` lists what needs attention, ``summary`` puts
them together per audience, and ``text`` and ``render`` present them.
"""
