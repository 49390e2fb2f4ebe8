"""`arch-draw watch` as a user runs it: a real process, real file saves, Ctrl-C to end."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURES


class Watcher:
    def __init__(self, folder: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "arch_draw", "watch", *args],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def next_line(self, containing: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if containing in line:
                return line
        pytest.fail(f"watch never said {containing!r}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)  # Ctrl-C
        return self.process.wait(timeout=30)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join(timeout=10)  # it ends at the end of the output
        assert self.process.stderr is not None
        self.process.stderr.close()


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Watcher]:
    (tmp_path / "shop.yaml").write_text((FIXTURES / "same-labels.yaml").read_text())
    started = Watcher(tmp_path, "shop.yaml", "-f", "svg")
    yield started
    started.close()


def save(path: Path, text: str) -> None:
    time.sleep(0.3)  # the watcher starts listening after its first drawing
    path.write_text(text)


def test_watch_redraws_on_save_and_survives_mistakes(tmp_path: Path, watcher: Watcher) -> None:
    blueprint, drawing = tmp_path / "shop.yaml", tmp_path / "output" / "shop.svg"
    assert watcher.next_line("watching") == "watching shop.yaml; Ctrl-C to stop"
    assert watcher.next_line("drew shop.yaml").endswith(": output/shop.svg")
    assert "Web tier" in drawing.read_text()
    save(blueprint, blueprint.read_text().replace("Web tier", "App tier"))
    assert watcher.next_line("drew shop.yaml").endswith(": output/shop.svg")
    assert "App tier" in drawing.read_text()
    save(blueprint, blueprint.read_text().replace("title:", "titel:"))
    watcher.next_line("shop.yaml was not drawn:")
    assert (
        watcher.next_line("unknown key")
        == "shop.yaml:1:1: unknown key 'titel' (did you mean 'title'?)"
    )
    assert "App tier" in drawing.read_text()  # the last good drawing stays
    save(
        blueprint,
        blueprint.read_text().replace("titel:", "title:").replace("App tier", "Data tier"),
    )
    watcher.next_line("drew shop.yaml")
    assert "Data tier" in drawing.read_text()
    assert watcher.stop() == 0  # Ctrl-C is how a watch is meant to end
    assert watcher.next_line("stopped") == "stopped"


def test_a_watched_file_replaced_by_a_directory_is_waited_for(
    tmp_path: Path, watcher: Watcher
) -> None:
    # It used to build the directory, and never drew the file again once it was back.
    blueprint = tmp_path / "shop.yaml"
    text = blueprint.read_text()
    watcher.next_line("drew shop.yaml")
    time.sleep(0.3)
    blueprint.unlink()
    blueprint.mkdir()
    (blueprint / "inner.yaml").write_text(text)
    watcher.next_line("shop.yaml was not drawn:")
    assert (
        watcher.next_line("is a directory") == "shop.yaml:1:1: is a directory, not a blueprint file"
    )
    time.sleep(0.3)
    (blueprint / "inner.yaml").unlink()
    blueprint.rmdir()
    save(blueprint, text.replace("Web tier", "Back again"))
    assert watcher.next_line("drew shop.yaml").endswith(": output/shop.svg")
    assert "Back again" in (tmp_path / "output" / "shop.svg").read_text()
    assert sorted(path.name for path in (tmp_path / "output").iterdir()) == ["shop.svg"]
    assert watcher.stop() == 0


def test_restoring_a_missing_base_redraws_the_blueprint(tmp_path: Path) -> None:
    # Once the base was missing, only saving the blueprint itself drew it again.
    base = tmp_path / "base.yaml"
    base.write_text((FIXTURES / "same-labels.yaml").read_text())
    (tmp_path / "child.yaml").write_text("extends: base\ntitle: Child\n")
    watcher = Watcher(tmp_path, "child.yaml", "-f", "svg")
    try:
        watcher.next_line("drew child.yaml")
        text = base.read_text()
        time.sleep(0.3)
        base.unlink()
        watcher.next_line("child.yaml was not drawn:")
        assert watcher.next_line("extends") == (
            "child.yaml:1:10: extends: no blueprint 'base' here"
        )
        save(base, text.replace("Web tier", "Restored"))
        watcher.next_line("drew child.yaml")
        assert "Restored" in (tmp_path / "output" / "child.svg").read_text()
        assert watcher.stop() == 0
    finally:
        watcher.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_watch_ended_by_a_signal_says_so_in_its_exit_code(tmp_path: Path, stop: int) -> None:
    # It exited 0, as for Ctrl-C, with watchfiles' own "KeyboardInterrupt caught" line.
    (tmp_path / "shop.yaml").write_text((FIXTURES / "same-labels.yaml").read_text())
    watcher = Watcher(tmp_path, "shop.yaml", "-f", "svg")
    try:
        watcher.next_line("drew shop.yaml")
        time.sleep(2)  # idle, inside watchfiles, which turned the signal into a Ctrl-C
        watcher.process.send_signal(stop)
        assert watcher.process.wait(timeout=30) == 128 + stop
        assert watcher.next_line("stopped") == f"stopped by {signal.Signals(stop).name}"
    finally:
        watcher.close()
    left = []
    while not watcher.lines.empty():
        left.append(watcher.lines.get())
    assert not [line for line in left if "KeyboardInterrupt" in line]


def test_a_directory_watch_goes_on_when_its_record_cannot_be_written(tmp_path: Path) -> None:
    # The watch ended (exit 3) when the build could not save its record.
    (tmp_path / "blueprints").mkdir()
    (tmp_path / "blueprints" / "shop.yaml").write_text((FIXTURES / "same-labels.yaml").read_text())
    (tmp_path / "output" / ".arch-draw-build.json").mkdir(parents=True)
    watcher = Watcher(tmp_path, "blueprints", "-f", "svg")
    try:
        watcher.next_line("was not built")
        assert watcher.next_line("cannot write").startswith(
            "cannot write output/.arch-draw-build.json"
        )
        assert watcher.process.poll() is None
        assert watcher.stop() == 0
    finally:
        watcher.close()


def test_a_save_right_after_a_drawing_is_drawn_too(tmp_path: Path, watcher: Watcher) -> None:
    # The watch listens only once a drawing is done: a save in between made no event,
    # and was never drawn (the tests slept before saving; a slow machine lost saves).
    blueprint, drawing = tmp_path / "shop.yaml", tmp_path / "output" / "shop.svg"
    watcher.next_line("drew shop.yaml")
    blueprint.write_text(blueprint.read_text().replace("Web tier", "Fast tier"))  # no pause
    watcher.next_line("drew shop.yaml")
    assert "Fast tier" in drawing.read_text()


def test_a_watched_directory_says_what_it_could_not_draw(tmp_path: Path) -> None:
    # After a YAML error it said "drew nothing new", as if the error had not mattered.
    (tmp_path / "good.yaml").write_text((FIXTURES / "same-labels.yaml").read_text())
    (tmp_path / "bad.yaml").write_text("title: [unclosed\n")
    watcher = Watcher(tmp_path, ".", "-f", "svg")
    try:
        error = watcher.next_line("bad.yaml:")
        assert error.startswith("bad.yaml:2:1: ")
        summary = watcher.next_line("not drawn")
        assert re.fullmatch(
            r"\d\d:\d\d:\d\d drew good\.yaml in \d+\.\d\d s; 1 not drawn \(see above\)", summary
        )
        assert watcher.stop() == 0
    finally:
        watcher.close()


def test_a_quiet_watch_says_only_what_went_wrong(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("title: [unclosed\n")
    watcher = Watcher(tmp_path, "bad.yaml", "-q", "-f", "svg")
    try:
        first = watcher.next_line("")  # no "watching bad.yaml" before it
        assert re.fullmatch(r"\d\d:\d\d:\d\d bad\.yaml was not drawn:", first)
        assert watcher.next_line("").startswith("bad.yaml:2:1: ")
        assert watcher.stop() == 0
    finally:
        watcher.close()
    assert watcher.lines.empty()  # nor "stopped" after it
