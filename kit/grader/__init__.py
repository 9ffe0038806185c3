"""Everything that touches nbgrader: notebook cells and metadata, course config, pipeline steps, preprocessors."""
