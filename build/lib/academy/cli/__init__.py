"""The ``academy`` command."""
