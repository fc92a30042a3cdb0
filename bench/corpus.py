"""The benchmark corpus: the Python sources of MXNet-era packages, fetched from the package index."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

# (requirement, folder): the mxnet wheel's Python sources, two Gluon model zoos, and d2l,
# whose d2l/mxnet.py is the book's MXNet code.
PACKAGES = (
    ("mxnet==1.9.1", "mxnet"),
    ("gluoncv==0.10.5.post0", "gluoncv"),
    ("gluonnlp==0.10.0", "gluonnlp"),
    ("d2l==0.17.6", "d2l"),
)


def prepare(cache: str) -> str:
    """The folder of unpacked sources (downloaded once); each package in a folder of its own."""
    root = os.path.join(cache, "corpus")
    downloads = os.path.join(cache, "downloads")
    for requirement, folder in PACKAGES:
        target = os.path.join(root, folder)
        if os.path.isdir(target):
            continue
        archive = _download(requirement, os.path.join(downloads, folder))
        partial = target + ".partial"
        shutil.rmtree(partial, ignore_errors=True)
        _unpack_python_files(archive, partial)
        os.replace(partial, target)
    return root


def _download(requirement: str, folder: str) -> str:
    os.makedirs(folder, exist_ok=True)
    if not os.listdir(folder):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", folder, requirement],
                       check=True)
    (name,) = os.listdir(folder)
    return os.path.join(folder, name)


def _unpack_python_files(archive: str, target: str) -> None:
    if archive.endswith(".whl"):
        with zipfile.ZipFile(archive) as wheel:
            wheel.extractall(target, [name for name in wheel.namelist() if name.endswith(".py")])
    else:
        with tarfile.open(archive) as sdist:
            members = [m for m in sdist.getmembers() if m.isfile() and m.name.endswith(".py")
                       and not os.path.isabs(m.name) and ".." not in m.name.split("/")]
            sdist.extractall(target, members)


def summary(root: str) -> str:
    files = lines = 0
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(".py"):
                files += 1
                with open(os.path.join(directory, name), "rb") as handle:
                    lines += handle.read().count(b"\n")
    return "%d files, %d lines (%s)" % (files, lines, ", ".join(r for r, _ in PACKAGES))
