#!/usr/bin/env python3
"""Makes the ONNX test fixtures in this folder; the tests read the committed outputs and never run Python.

Needs Debian's python3-torch and python3-onnx. Usage:
    python3 make_fixtures.py MNIST_TRAIN_ZIP
where MNIST_TRAIN_ZIP is mnist-digits-train.zip (one folder per digit of 28x28 grayscale PNGs). Iris is read
from ../iris.csv and the digits scored for the expected outputs are ./digits/digit-N.png.
"""
import csv
import io
import json
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import onnx
import torch
from onnx import TensorProto, helper

HERE = Path(__file__).resolve().parent
SPECIES = ["setosa", "versicolor", "virginica"]
IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
OPSET = 13


def read_gray_png(data: bytes) -> list[int]:
    """Pixels of an 8-bit grayscale, non-interlaced PNG (what the MNIST sample holds), row by row."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height = 8, b"", 0, 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color == 0 and interlace == 0, "only 8-bit grayscale PNGs"
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    raw = zlib.decompress(idat)
    pixels, previous = [], [0] * width
    for y in range(height):
        line = raw[y * (width + 1):(y + 1) * (width + 1)]
        kind, row = line[0], list(line[1:])
        for x in range(width):
            left = row[x - 1] if x else 0
            up = previous[x]
            upper_left = previous[x - 1] if x else 0
            if kind == 1:
                row[x] = (row[x] + left) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + up) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                row[x] = (row[x] + predictor) & 0xFF
        pixels.extend(row)
        previous = row
    return pixels


class IrisMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))

    def forward(self, x):
        return torch.softmax(self.layers(x), dim=1)


class DigitCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2))
        self.classify = torch.nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        return torch.softmax(self.classify(self.features(x).flatten(1)), dim=1)


def train(model, inputs, targets, epochs, batch):
    torch.manual_seed(7)
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    # The models end in softmax so that ONNX Runtime returns probabilities; train on their log.
    loss = torch.nn.NLLLoss()
    for _ in range(epochs):
        order = torch.randperm(len(inputs))
        for start in range(0, len(inputs), batch):
            index = order[start:start + batch]
            optimiser.zero_grad()
            loss(torch.log(model(inputs[index]) + 1e-9), targets[index]).backward()
            optimiser.step()
    model.eval()


def export(model, example, input_name, output_name, path):
    torch.onnx.export(model, example, str(path), input_names=[input_name], output_names=[output_name],
                      dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}}, opset_version=OPSET)
    onnx.checker.check_model(onnx.load(str(path)))
    assert path.stat().st_size < 1024 * 1024, f"{path.name} is over 1 MB"


def make_iris():
    with open(HERE.parent / "iris.csv") as f:
        rows = list(csv.DictReader(f))
    inputs = torch.tensor([[float(r[c]) for c in IRIS_COLUMNS] for r in rows])
    targets = torch.tensor([SPECIES.index(r["species"]) for r in rows])
    torch.manual_seed(7)
    model = IrisMlp()
    train(model, inputs, targets, epochs=200, batch=16)
    export(model, inputs[:1], "input", "probabilities", HERE / "iris-mlp.onnx")
    with torch.no_grad():
        probabilities = model(inputs)
    expected = [{"inputs": {c: float(r[c]) for c in IRIS_COLUMNS},
                 "label": SPECIES[int(p.argmax())],
                 "probabilities": {s: float(p[i]) for i, s in enumerate(SPECIES)}}
                for r, p in zip(rows, probabilities)]
    (HERE / "iris-mlp.expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    signature = {"task": "MulticlassClassification", "inputs": [{"tensor": "input", "columns": IRIS_COLUMNS}],
                 "outputs": {"scores": "probabilities", "labels": SPECIES}}
    (HERE / "iris-mlp.signature.json").write_text(json.dumps(signature, indent=1) + "\n")
    # A truncated copy: the start of a real model, cut off.
    data = (HERE / "iris-mlp.onnx").read_bytes()
    (HERE / "truncated.onnx").write_bytes(data[:len(data) // 2])


def make_digits(train_zip):
    images, labels = [], []
    with zipfile.ZipFile(train_zip) as z:
        for name in sorted(z.namelist()):
            if name.endswith(".png"):
                images.append(read_gray_png(z.read(name)))
                labels.append(int(name.split("/")[0]))
    inputs = torch.tensor(images, dtype=torch.float32).reshape(-1, 1, 28, 28) / 255.0
    targets = torch.tensor(labels)
    torch.manual_seed(7)
    model = DigitCnn()
    train(model, inputs, targets, epochs=8, batch=64)
    export(model, inputs[:1], "image", "probabilities", HERE / "mnist-cnn.onnx")
    expected = []
    for digit in range(10):
        pixels = read_gray_png((HERE / "digits" / f"digit-{digit}.png").read_bytes())
        with torch.no_grad():
            p = model(torch.tensor(pixels, dtype=torch.float32).reshape(1, 1, 28, 28) / 255.0)[0]
        expected.append({"file": f"digits/digit-{digit}.png", "pixels": pixels, "label": str(int(p.argmax())),
                         "probabilities": {str(i): float(p[i]) for i in range(10)}})
    (HERE / "mnist-cnn.expected.json").write_text(json.dumps(expected) + "\n")
    signature = {"task": "MulticlassClassification",
                 "image": {"tensor": "image", "width": 28, "height": 28, "channels": 1,
                           "scale": 1 / 255, "mean": [0.0], "std": [1.0], "layout": "NCHW"},
                 "outputs": {"scores": "probabilities", "labels": [str(i) for i in range(10)]}}
    (HERE / "mnist-cnn.signature.json").write_text(json.dumps(signature, indent=1) + "\n")


def make_hostile():
    # Weights said to live in a file next to the model: loading it would read whatever that path names.
    weights = TensorProto(name="weights", data_type=TensorProto.FLOAT, dims=[4, 3])
    weights.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "../../../etc/weights.bin"), ("offset", "0"), ("length", "48")):
        entry = weights.external_data.add()
        entry.key, entry.value = key, value
    graph = helper.make_graph([helper.make_node("MatMul", ["input", "weights"], ["output"])], "external",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, 4])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [None, 3])], [weights])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "external-data.onnx")

    # A valid model that declares an input of 10^12 floats: a caller could make the server allocate terabytes.
    graph = helper.make_graph([helper.make_node("Identity", ["input"], ["output"])], "huge",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1000000, 1000000])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1000000, 1000000])])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "huge-input.onnx")


def save(model, name):
    (HERE / name).write_bytes(model.SerializeToString())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    make_iris()
    make_digits(sys.argv[1])
    make_hostile()
