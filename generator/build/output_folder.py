"""The output folder: which folder a build may replace, and replacing it in one atomic step.

A build writes into a staging folder beside ``site/`` and then swaps it into place,
so a failed or interrupted build leaves the previous site as it was, and a web
server never sees a moment without ``site/``. Rules that keep this safe:

- The output folder is never the project, the home folder or ``/`` (nor a folder
  holding one of them), never ``.git`` or a source folder (nor inside or around
  one), and never an existing folder that holds anything but a previous build: a
  build leaves a marker file (``.safety-center-build``) in the folder it writes.
- One lock file beside ``site/`` (``.site.lock``, flock) serialises builds of one
  site. Staging folders beside it are named ``.site.staging-<pid>-<random>``; a build
  removes those whose owner process is gone, never a running build's or serve's.
- The swap is ``renameat2(RENAME_EXCHANGE)`` (Linux 3.15+), which exchanges the two
  folders in one step; a first build is a plain rename. Where the exchange is not
  available (other systems, some file systems) two renames are used: the old site
  is moved aside and the new one into place, which leaves an instant without ``site/``.
- ``site/`` is made with the process's umask (0755 under umask 022), so a web server
  running as another user can read it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

#: The file a build leaves in the folder it wrote, saying "this folder is a build".
MARKER = ".safety-center-build"
MARKER_CONTENT = {"built_by": "safety-center", "marker_version": 1}

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class UnsafeSiteDir(Exception):
    """The output folder must not be replaced: it holds something that is not a previous build."""


class SwapMethod(str, Enum):
    """How the new site was put in place."""

    EXCHANGE = "renameat2 exchange"
    RENAME = "rename (first build)"
    TWO_RENAMES = "two renames (fallback)"


@dataclass(frozen=True)
class Refusal:
    """Why a folder cannot be the output folder, and what to do instead."""

    reason: str
    hint: str


def refusal(site_dir: Path, project_root: Path, source_folders: list[Path]) -> Refusal | None:
    """Why ``site_dir`` (resolved) may not be replaced by a build, or None when it may.

    ``source_folders`` are the folders people write (content/, locales/, the theme
    overrides); ``.git`` folders of the project and the folders above it are added here.
    """
    whole = [(Path("/"), "the file system root")]
    home = _home()
    if home is not None:
        whole.append((home, "your home folder"))
    whole.append((project_root, "the project folder"))
    for folder, what in whole:
        if site_dir == folder or site_dir in folder.parents:
            return Refusal(f"it is or contains {what} ({folder})", "choose a separate output folder, such as site/")
    git_folders = [folder / ".git" for folder in [project_root, *project_root.parents] if (folder / ".git").exists()]
    for folder in [*git_folders, *source_folders]:
        folder = folder.resolve()
        if site_dir == folder or site_dir in folder.parents or folder in site_dir.parents:
            return Refusal(f"it is, contains or lies inside {folder}, which the build must not replace",
                           "choose an output folder outside the sources and .git, such as site/")
    if ".git" in site_dir.parts:
        return Refusal("it lies inside a .git folder", "choose an output folder outside .git, such as site/")
    if site_dir.exists() and not site_dir.is_dir():
        return Refusal("it is a file, not a folder", "choose a folder, such as site/")
    if not may_replace(site_dir):
        return Refusal(f"it holds files but no previous build (no {MARKER} file)",
                       "choose a new or empty folder; if it holds a site built by an older version, "
                       "delete that once")
    return None


def may_replace(site_dir: Path) -> bool:
    """Whether a build may replace ``site_dir``: it is missing, empty, or a previous build."""
    if not site_dir.is_dir():
        return not site_dir.exists()
    if not any(site_dir.iterdir()):
        return True
    try:
        return json.loads((site_dir / MARKER).read_text(encoding="utf-8")).get("built_by") == "safety-center"
    except (OSError, ValueError, AttributeError):
        return False


def mark_as_build(folder: Path) -> None:
    """Leave the marker that lets the next build replace ``folder``."""
    (folder / MARKER).write_text(json.dumps(MARKER_CONTENT) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Staging:
    """One build's private folder beside ``site/``: the new site and the rendered Markdown."""

    folder: Path

    @property
    def site(self) -> Path:
        return self.folder / "site"

    @property
    def docs(self) -> Path:
        return self.folder / "docs"


@contextmanager
def staging_for(site_dir: Path, on_wait: Callable[[str], None] = lambda message: None) -> Iterator[Staging]:
    """Lock ``site_dir``, clear dead builds' leftovers, and yield a fresh staging folder.

    The staging folder (with whatever it holds then, such as the replaced site) is
    removed on the way out, whether the build succeeded or not.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with site_lock(site_dir, on_wait):
        remove_stale_staging(site_dir)
        folder = Path(tempfile.mkdtemp(prefix=f"{staging_prefix(site_dir)}{os.getpid()}-", dir=site_dir.parent))
        staging = Staging(folder)
        try:
            staging.site.mkdir()  # mkdir applies the umask; mkdtemp's 0700 stays on the private folder
            staging.docs.mkdir()
            yield staging
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.staging-"


def lock_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.lock"


@contextmanager
def site_lock(site_dir: Path, on_wait: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the lock of ``site_dir`` (an flock on ``.<name>.lock`` beside it); wait while another build has it.

    The holder removes the lock file before it lets go, so none is left behind; a
    waiter that then finds a different (or no) file at the path starts over.
    """
    path = lock_path(site_dir)
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(f"waiting for another build of {site_dir} to finish")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            current = os.path.samestat(os.fstat(descriptor), os.stat(path))
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(descriptor)
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())  # who holds it, for people looking
        yield
    finally:
        with suppress(FileNotFoundError):
            os.unlink(path)
        os.close(descriptor)


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Remove staging folders of ``site_dir`` whose owner process is gone; return them.

    Call it holding the site's lock: a live owner's folder (a running build or serve)
    is never touched.
    """
    removed = []
    prefix = staging_prefix(site_dir)
    for entry in site_dir.parent.iterdir():
        owner = entry.name.removeprefix(prefix).split("-", 1)[0]
        if not entry.name.startswith(prefix) or not owner.isdigit() or entry.is_symlink() or not entry.is_dir():
            continue
        if int(owner) == os.getpid() or process_alive(int(owner)):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (it may belong to another user)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_site(new: Path, site_dir: Path) -> SwapMethod:
    """Put the folder ``new`` at ``site_dir`` in one step; the previous site ends up at ``new``.

    Refuses (``UnsafeSiteDir``) when ``site_dir`` holds something other than a previous
    build, whatever the caller checked before. On return the previous site, if there
    was one, sits where ``new`` was, for the caller to remove.
    """
    if not may_replace(site_dir):
        raise UnsafeSiteDir(f"{site_dir} holds files but no previous build; it was left as it was")
    if not site_dir.exists():
        os.rename(new, site_dir)
        return SwapMethod.RENAME
    if exchange(new, site_dir):
        return SwapMethod.EXCHANGE
    # Fallback: the old site moves aside, then the new one into place (a short gap without site_dir).
    aside = new.with_name(new.name + ".previous")
    os.rename(site_dir, aside)
    try:
        os.rename(new, site_dir)
    except OSError:
        os.rename(aside, site_dir)
        raise
    os.rename(aside, new)
    return SwapMethod.TWO_RENAMES


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2; False when this system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2, where the C library has it (glibc 2.28+, musl 1.2.3+)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):
        return None
    function = getattr(libc, "renameat2", None)
    if function is None:
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError):
        return None
