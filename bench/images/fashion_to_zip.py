"""Writes a class-folder ZIP of PNGs (the layout MlOps reads) from Fashion-MNIST's IDX files.

Usage: fashion_to_zip.py IMAGES.gz LABELS.gz PER_CLASS OUT.zip
Takes the first PER_CLASS pictures of each class, in file order, so every run uses the same subset.
"""
import gzip
import struct
import sys
import zipfile
import zlib

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def png(width, height, pixels):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main(images_path, labels_path, per_class, out):
    with gzip.open(images_path) as f:
        _, count, height, width = struct.unpack(">IIII", f.read(16))
        images = f.read(count * height * width)
    with gzip.open(labels_path) as f:
        _, _ = struct.unpack(">II", f.read(8))
        labels = f.read(count)
    taken = [0] * len(CLASSES)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            label = labels[i]
            if taken[label] >= per_class:
                continue
            taken[label] += 1
            size = height * width
            archive.writestr(f"{CLASSES[label]}/{i:05d}.png", png(width, height, images[i * size:(i + 1) * size]))
            if min(taken) >= per_class:
                break


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
