"""Tests of hostile and odd input: characters that act on a terminal, files that are not files.

Each case is written to real files (a FIFO, a socket, a symlink loop, a device, a name that is
not UTF-8) and gives one problem line naming the file, without a traceback and without
waiting: only regular files are ever opened.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from factories import (
    LANDING_FIELDS,
    SPACE_SOURCES_YAML,
    fact_file_yaml,
    fact_yaml,
    run_quizgen,
    write_fact_folder,
)
from typer.testing import CliRunner

from quizgen.cli import app
from quizgen.errors import FactError
from quizgen.factfiles.loader import check_paths, load_fact_base

WHY = "it can change how text shows on a screen or hide what it says"


def problems_of(root: Path) -> list[str]:
    """Load `root` and return the problems reported, as printed."""
    with pytest.raises(FactError) as caught:
        load_fact_base(root)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder so that paths print as `facts/...`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def landing(**changes: str) -> str:
    """Return the moon-landing fact entry with some fields changed."""
    return fact_yaml(**(LANDING_FIELDS | changes))


def check_command(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `quizgen check` in a new process, which must finish quickly whatever it meets."""
    return run_quizgen("check", *args)


# --- characters that act on a terminal ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fact_file", "expected"),
    [
        pytest.param(
            fact_file_yaml(landing(event=r'"Red\e]0;PWNED\a\e[2J"')),
            "facts/a.yaml:5:12: fact 'moon-landing': field 'event': control character "
            f"U+001B (ESCAPE) is not allowed: {WHY}",
            id="escape-in-event",
        ),
        pytest.param(
            fact_file_yaml(landing(note=r'"landed \u202Eevif"')),
            "facts/a.yaml:8:11: fact 'moon-landing': field 'note': bidirectional control "
            f"character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed: {WHY}",
            id="override-in-note",
        ),
        pytest.param(
            fact_file_yaml(landing(aliases=r'["Apollo\u2066 11"]')),
            "facts/a.yaml:8:15: fact 'moon-landing': field 'aliases' item 1: bidirectional "
            f"control character U+2066 (LEFT-TO-RIGHT ISOLATE) is not allowed: {WHY}",
            id="isolate-in-alias",
        ),
        pytest.param(
            fact_file_yaml(landing(), deck=r'"Space\0race"'),
            "facts/a.yaml:1:7: field 'deck': control character U+0000 (NULL) is not allowed: "
            + WHY,
            id="nul-in-deck",
        ),
        pytest.param(
            fact_file_yaml(landing(tags=r'["moon\u200Flanding"]')),
            "facts/a.yaml:8:12: fact 'moon-landing': field 'tags' item 1: bidirectional "
            f"control character U+200F (RIGHT-TO-LEFT MARK) is not allowed: {WHY}",
            id="mark-in-tag",
        ),
        pytest.param(
            fact_file_yaml(landing(id=r'"moon\elanding"')),
            "facts/a.yaml:3:9: fact 'moon\\x1blanding': field 'id': control character "
            f"U+001B (ESCAPE) is not allowed: {WHY}",
            id="escape-in-id",
        ),
        pytest.param(
            fact_file_yaml(landing(event=r'"Apollo 11 landed\x85on the Moon"')),
            "facts/a.yaml:5:12: fact 'moon-landing': field 'event': control character "
            f"U+0085 is not allowed: {WHY}",
            id="c1-control",
        ),
    ],
)
def test_control_and_direction_characters_in_values_are_refused(
    in_tmp: Path, fact_file: str, expected: str
) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file})
    assert problems_of(root) == [expected]


def test_control_characters_in_a_source_are_refused(in_tmp: Path) -> None:
    sources = SPACE_SOURCES_YAML.replace(
        "title: Apollo 11 mission overview", r'title: "Apollo\e[2J 11"'
    )
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())}, sources)
    assert problems_of(root) == [
        f"facts/sources.yaml:4:12: source 'nasa': field 'title': control character U+001B "
        f"(ESCAPE) is not allowed: {WHY}"
    ]


def test_tabs_and_line_breaks_in_text_are_kept(in_tmp: Path) -> None:
    event = r'"Apollo 11\tlanded\non the Moon"'
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing(event=event))})
    assert load_fact_base(root).facts[0].event == "Apollo 11\tlanded\non the Moon"  # type: ignore[union-attr]


def test_a_problem_quoting_what_was_typed_prints_no_control_character(in_tmp: Path) -> None:
    entry = landing() + '    "ev\\e]0;PWNED\\aent": x\n'
    write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(entry)})
    done = check_command("facts")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "facts/a.yaml:8:5: fact 'moon-landing': unknown key 'ev\\x1b]0;PWNED\\x07ent'"
    )
    assert "\x1b" not in done.stderr
    assert "\x07" not in done.stderr


# --- files that are not regular files ----------------------------------------------------------


def test_a_fifo_named_like_any_yaml_file_is_refused_without_waiting(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    os.mkfifo(root / "pipe.yaml")
    os.mkfifo(root / "templates.yaml")
    done = check_command("facts")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "facts/pipe.yaml: is a named pipe (FIFO), not a regular file; a fact file must be a file",
        "facts/templates.yaml: is a named pipe (FIFO), not a regular file; templates.yaml must "
        "be a file",
        "facts: 2 problems in 2 files",
    ]


def test_a_fifo_as_the_sources_file_is_refused_without_waiting(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    (root / "sources.yaml").unlink()
    os.mkfifo(root / "sources.yaml")
    done = check_command("facts")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "facts/sources.yaml: is a named pipe (FIFO), not a regular file; the sources file must "
        "be a file",
        "facts: 1 problem in 1 file",
    ]


def test_a_fifo_given_by_name_is_refused_without_waiting(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {})
    os.mkfifo(root / "pipe.yaml")
    done = check_command("facts/pipe.yaml")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "facts/pipe.yaml: is a named pipe (FIFO), not a regular file; a fact file must be a file"
    )


def test_a_socket_a_device_and_a_folder_named_like_fact_files_are_refused(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    (root / "zero.yaml").symlink_to("/dev/zero")  # read, it would never end
    (root / "old.yaml").mkdir()
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "socket.yaml"))
        assert problems_of(root) == [
            "facts/old.yaml: is a folder, not a regular file; a fact file must be a file",
            "facts/socket.yaml: is a socket, not a regular file; a fact file must be a file",
            "facts/zero.yaml: is a device, not a regular file; a fact file must be a file",
        ]


def test_a_folder_as_the_sources_file_is_one_problem(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    (root / "sources.yaml").unlink()
    (root / "sources.yaml").mkdir()
    assert problems_of(root) == [
        "facts/sources.yaml: is a folder, not a regular file; the sources file must be a file"
    ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(
            lambda path: path.symlink_to(path.name),
            "facts/b.yaml: is a symbolic link that leads back to itself",
            id="symlink-loop",
        ),
        pytest.param(
            lambda path: path.symlink_to("missing.yaml"),
            "facts/b.yaml: is a symbolic link to missing.yaml, which does not exist",
            id="dangling-symlink",
        ),
        pytest.param(
            # A regular file whose reading fails: what an unreadable file gives, even to root.
            lambda path: path.symlink_to("/proc/self/mem"),
            "facts/b.yaml: cannot be read: Input/output error",
            id="read-error",
        ),
    ],
)
def test_a_fact_file_that_cannot_be_read_is_one_problem(
    in_tmp: Path, make: object, expected: str
) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    make(root / "b.yaml")  # type: ignore[operator]
    assert problems_of(root) == [expected]
    done = check_command("facts")
    assert (done.returncode, done.stderr) == (1, f"{expected}\nfacts: 1 problem in 1 file\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_fact_file_without_read_permission_is_one_problem(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    (root / "a.yaml").chmod(0)
    assert problems_of(root) == ["facts/a.yaml: cannot be read: permission denied"]


def test_a_file_name_that_is_not_utf8_is_one_printable_problem(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    name = os.fsencode(root) + b"/caf\xe9.yaml"
    with open(name, "w", encoding="utf-8") as file:
        file.write(fact_file_yaml(landing(id="other")))
    expected = (
        "facts/caf\\xe9.yaml: the file name is not UTF-8; rename it with letters your system shows"
    )
    assert problems_of(root) == [expected]
    result = CliRunner().invoke(app, ["check", "facts"])
    assert (result.exit_code, result.stderr) == (1, f"{expected}\nfacts: 1 problem in 1 file\n")
    done = check_command("facts")
    assert (done.returncode, done.stderr) == (1, f"{expected}\nfacts: 1 problem in 1 file\n")


def test_the_same_problems_reach_a_build(in_tmp: Path) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    (root / "b.yaml").symlink_to("b.yaml")
    with pytest.raises(FactError) as caught:
        check_paths([root])  # what a build loads with
    assert [str(p) for p in caught.value.problems] == [
        "facts/b.yaml: is a symbolic link that leads back to itself"
    ]


# --- year 0 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["'0000'", "0", "'0000-07'", "'0000-07-20'", "-0", "0 BC"])
def test_year_zero_is_refused(in_tmp: Path, written: str) -> None:
    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing(date=written))})
    assert problems_of(root) == [
        "facts/a.yaml:6:11: fact 'moon-landing': field 'date': there is no year 0: 1 BC is "
        "followed by AD 1"
    ]


@pytest.mark.parametrize("name", ["pipe.yaml", "sources.yaml", "templates.yaml"])
def test_a_build_names_a_fifo_in_the_words_of_check(in_tmp: Path, name: str) -> None:
    from quizgen.build.digests import input_digests
    from quizgen.errors import BuildError

    root = write_fact_folder(in_tmp / "facts", {"a.yaml": fact_file_yaml(landing())})
    (root / name).unlink(missing_ok=True)
    os.mkfifo(root / name)
    checked = check_command("facts").stderr.splitlines()[0]
    with pytest.raises(BuildError) as built:
        input_digests(Path("facts"), None)
    assert str(built.value) == checked
    assert checked.startswith(f"facts/{name}: is a named pipe (FIFO), not a regular file; ")
