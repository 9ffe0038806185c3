"""培训管理台: the trainer's one Chinese page (a Voilà app of ipywidgets) over the kit's nbgrader seam."""
from .views import console

__all__ = ["console"]
