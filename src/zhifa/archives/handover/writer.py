"""Writing the files of a package into a folder while recording their SHA-256 and SM3 digests."""

import hashlib
import json
import shutil
import zipfile
from pathlib import Path
from typing import IO, Any

CHUNK_BYTES = 1024 * 1024
MANIFESTS = {"sha256": "manifest-sha256.txt", "sm3": "manifest-sm3.txt"}


class DigestMismatch(Exception):
    """The bytes copied from storage do not match the digest recorded for them."""


class PackageFolder:
    """A package being written: every file added goes into both manifests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.digests: dict[str, dict[str, str]] = {}
        root.mkdir(parents=True)

    def _target(self, relative: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def add_bytes(self, relative: str, content: bytes) -> None:
        self._target(relative).write_bytes(content)
        self.digests[relative] = {
            name: hashlib.new(name, content).hexdigest() for name in MANIFESTS
        }

    def add_json(self, relative: str, document: Any) -> None:
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        self.add_bytes(relative, text.encode("utf-8"))

    def add_stream(self, relative: str, source: IO[bytes], expected: tuple[str, str]) -> None:
        """Copy ``source`` into the package; ``expected`` is (algorithm, hex) of its bytes.

        Raises ``DigestMismatch`` when the copied bytes differ from ``expected``.
        """
        hashers = {name: hashlib.new(name) for name in MANIFESTS}
        algorithm, hexdigest = expected
        hashers.setdefault(algorithm, hashlib.new(algorithm))
        with self._target(relative).open("wb") as target:
            for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
                for hasher in hashers.values():
                    hasher.update(chunk)
                target.write(chunk)
        if hashers[algorithm].hexdigest() != hexdigest:
            raise DigestMismatch(relative)
        self.digests[relative] = {name: hashers[name].hexdigest() for name in MANIFESTS}

    def add_file(self, relative: str, source: Path) -> None:
        self.add_bytes(relative, source.read_bytes())

    def write_manifests(self) -> bytes:
        """Write one manifest per algorithm in ``sha256sum`` format; return the SM3 manifest."""
        written: dict[str, bytes] = {}
        for name, file_name in MANIFESTS.items():
            lines = [f"{self.digests[path][name]}  {path}\n" for path in sorted(self.digests)]
            written[name] = "".join(lines).encode("utf-8")
            (self.root / file_name).write_bytes(written[name])
        return written["sm3"]

    def size(self) -> int:
        return sum(path.stat().st_size for path in self.root.rglob("*") if path.is_file())


def zip_folder(folder: Path, target: Path | IO[bytes]) -> None:
    """Write ``folder`` into the zip ``target`` under a top folder of the same name."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zip_:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zip_.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
