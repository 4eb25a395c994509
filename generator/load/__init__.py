"""Load: read mkdocs.yml, content/ and locales/ into a typed ``Project``."""

from .paths import relative
from .project import LoadResult, load_project

__all__ = ["LoadResult", "load_project", "relative"]
