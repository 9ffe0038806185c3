"""From content to an nbgrader course: the source notebooks, their cells, the course config and manifest."""
