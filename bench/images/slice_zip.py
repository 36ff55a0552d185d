"""Copies the first PER_CLASS pictures of each class folder of a ZIP into a new ZIP (a smaller run of the benchmark).

Usage: slice_zip.py IN.zip PER_CLASS OUT.zip
"""
import sys
import zipfile
from collections import Counter


def main(source, per_class, target):
    taken = Counter()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            folder = entry.filename.split("/")[0]
            if taken[folder] < per_class:
                taken[folder] += 1
                out.writestr(entry.filename, archive.read(entry))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
