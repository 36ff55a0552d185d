"""Scores every picture of a class-folder ZIP through MlOps's predict API, one request per picture.

Usage: evaluate.py BASE_URL API_KEY MODEL VERSION TEST.zip
Prints accuracy and the latency percentiles of the requests as this client saw them (loopback, sequential).
"""
import statistics
import sys
import time
import urllib.request
import uuid
import zipfile
import json


def predict(base, key, model, version, name, content):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{base}/api/v1/models/{model}/predict?version={version}", data=body, method="POST",
                                     headers={"X-Api-Key": key, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["predictions"][0]["label"]


def main(base, key, model, version, path):
    right, latencies = 0, []
    with zipfile.ZipFile(path) as archive:
        entries = [e for e in archive.infolist() if not e.is_dir()]
        # The first request loads the model; it is not a latency a caller sees twice.
        predict(base, key, model, version, "warm.png", archive.read(entries[0]))
        for entry in entries:
            content = archive.read(entry)
            started = time.perf_counter()
            label = predict(base, key, model, version, entry.filename.split("/")[-1], content)
            latencies.append((time.perf_counter() - started) * 1000)
            right += label == entry.filename.split("/")[0]
    latencies.sort()
    print(f"accuracy={right / len(entries):.4f} n={len(entries)} p50_ms={statistics.median(latencies):.1f} "
          f"p95_ms={latencies[int(0.95 * len(latencies)) - 1]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
