"""The ``academy/content`` plugin: the content model, one audience's view of it, its audit."""
