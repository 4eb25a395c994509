"""Load: read mkdocs.yml, content/ and locales/ into a typed ``Project``."""

from .project import LoadResult, load_project, relative, split_front_matter

__all__ = ["LoadResult", "load_project", "relative", "split_front_matter"]
