"""What the portal's pages show: cards, facets, collections, badges and ribbons, as plain data."""
