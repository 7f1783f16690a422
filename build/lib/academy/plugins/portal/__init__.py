"""The ``academy/portal`` plugin: home, catalog, collections, badges and "my learning" pages."""
