"""Digests that tell a build what changed: of its inputs, of quizgen's code, of deck files.

Reading only what these need (no YAML parser, no template engine) keeps a build with nothing
to do quick. Every file is opened without blocking and read only when it is a regular file,
so a FIFO or a device named like a fact file cannot hang a build; deck files are read in
chunks, and an archive that unpacks to more than `MAX_UNPACKED_BYTES` is not unpacked.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from quizgen.errors import BuildError

TEMPLATES_KEY = "@templates"
NOTE_TYPES_KEY = "@note-types"

CHUNK = 1 << 20
"""Bytes read at a time from a file being digested."""

MAX_UNPACKED_BYTES = 1 << 30
"""A deck file unpacking to more than this is no deck quizgen wrote, so it is not unpacked."""


def _not_a_file(path: Path, what: str | None) -> BuildError:
    """Return the error of an input that is no regular file, in the words of `quizgen check`."""
    from quizgen.factfiles.files import not_a_file

    return BuildError(str(not_a_file(path, what)))


def _open_regular(path: Path, what: str | None = None) -> int | None:
    """Open a regular file for reading; None when nothing is there.

    Raise `BuildError` naming the file when it is anything but a regular file (a folder, a
    FIFO, a symbolic link to nothing or to itself) or cannot be read; `what` names what the
    file should be (see `quizgen.factfiles.files.not_a_file`).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise _not_a_file(path, what) from None
        return None
    except NotADirectoryError:
        return None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EISDIR):
            raise _not_a_file(path, what) from None
        raise BuildError(f"cannot read {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_a_file(path, what)
    return fd


def _chunks(fd: int, path: Path) -> Iterator[bytes]:
    try:
        while chunk := os.read(fd, CHUNK):
            yield chunk
    except OSError as error:
        raise BuildError(f"cannot read {path}: {error.strerror or error}") from None
    finally:
        os.close(fd)


def file_sha256(path: Path, what: str | None = None) -> str | None:
    """Return the hex SHA-256 of a regular file's bytes, or None when it does not exist."""
    fd = _open_regular(path, what)
    if fd is None:
        return None
    digest = hashlib.sha256()
    for chunk in _chunks(fd, path):
        digest.update(chunk)
    return digest.hexdigest()


def read_regular(path: Path) -> bytes | None:
    """Return a regular file's bytes, or None when it does not exist (see `_open_regular`)."""
    fd = _open_regular(path)
    if fd is None:
        return None
    return b"".join(_chunks(fd, path))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.resolve().relative_to(root.resolve()).as_posix()


def input_digests(facts_dir: Path, templates: Path | None) -> dict[str, str]:
    """Return a digest of everything a build reads: fact files, sources, templates, note types.

    Raise `BuildError` when any of them is not a regular file.
    """
    from quizgen.anki.notetypes import note_types_fingerprint
    from quizgen.cards import SHIPPED_TEMPLATES
    from quizgen.factfiles.layout import SOURCES_FILE, TEMPLATES_FILE, fact_files

    digests = {}
    for path in [*fact_files(facts_dir), facts_dir / SOURCES_FILE]:
        digest = file_sha256(path)
        if digest is not None:
            digests[_relative(path, facts_dir)] = digest
    layers = [hashlib.sha256(SHIPPED_TEMPLATES.read_bytes()).hexdigest()]
    layers.append(file_sha256(facts_dir / TEMPLATES_FILE) or "absent")
    if templates is not None:
        layers.append(file_sha256(templates, "a templates file") or "absent")
    digests[TEMPLATES_KEY] = hashlib.sha256(" ".join(layers).encode()).hexdigest()
    digests[NOTE_TYPES_KEY] = note_types_fingerprint()
    return digests


def inputs_digest(inputs: Mapping[str, str]) -> str:
    """Return one digest of all the inputs, recorded with each deck built from them."""
    return hashlib.sha256(json.dumps(sorted(inputs.items())).encode()).hexdigest()


def code_fingerprint() -> str:
    """Digest quizgen's own code and data: new card wording code must not look like "no
    change"."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            name = path.relative_to(package).as_posix()
            digest.update(name.encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()


def apkg_contents_digest(path: Path) -> str | None:
    """Return `quizgen.anki.apkg.package_digest` of a deck file, reading it in chunks.

    None when the file is missing, is not a readable package, or unpacks to more than
    `MAX_UNPACKED_BYTES` (a zip bomb is never unpacked whole, nor held in memory).
    """
    fd = _open_regular(path)
    if fd is None:
        return None
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "rb") as stream, zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                return None
            for info in infos:
                digest.update(f"{info.filename}\x00{info.file_size}\x00".encode())
                read = 0
                with archive.open(info) as member:
                    while chunk := member.read(CHUNK):
                        read += len(chunk)
                        if read > info.file_size:
                            return None
                        digest.update(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        return None
    return digest.hexdigest()


class DeckFiles:
    """Tell whether deck files are the ones a lock file describes, hashing each file once."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._sha256: dict[str, str | None] = {}
        self._contents: dict[str, str | None] = {}

    def sha256(self, file_name: str) -> str | None:
        """Return the SHA-256 of a deck file's bytes, None when it is missing."""
        if file_name not in self._sha256:
            self._sha256[file_name] = file_sha256(self.out_dir / file_name)
        return self._sha256[file_name]

    def holds(self, file_name: str, sha256: str, contents: str) -> bool:
        """Return whether the file is the one written with these digests.

        The same bytes prove it at once; otherwise the same contents (another zlib may have
        compressed them differently) prove it too.
        """
        found = self.sha256(file_name)
        if found is None:
            return False
        if found == sha256:
            return True
        if file_name not in self._contents:
            self._contents[file_name] = apkg_contents_digest(self.out_dir / file_name)
        return self._contents[file_name] == contents
