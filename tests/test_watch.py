"""`arch-draw watch` as a user runs it: a real process, real file saves, Ctrl-C to end."""

from __future__ import annotations

import queue
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


def test_watch_redraws_on_save_and_survives_mistakes(tmp_path: Path, watcher: Watcher):
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
    assert watcher.stop() == 0
