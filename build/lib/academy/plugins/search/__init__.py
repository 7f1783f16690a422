"""The ``academy/search`` plugin: Material's search, with each page's index entries cached."""
