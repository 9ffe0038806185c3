"""培训管理台: the trainer's one Chinese page (a Voilà app of ipywidgets, `views.console`) over the kit's nbgrader seam."""
