"""The MkDocs adapters: plugins that hand the core's model and views to MkDocs and Material."""
