#!/usr/bin/env python3
"""A consumer of Tally's topics written from the documents alone, in another language than Tally.

It holds no Tally schema. It learns the topics Tally writes from docs/asyncapi.yaml (every channel
an operation sends to), reads each from the beginning with kcat (raw bytes, read_committed), and
decodes every value: the Avro single-object header (C3 01, then the writer schema's 8-byte CRC-64-AVRO
fingerprint, little-endian) names the writer schema, which it fetches once from a Tally streams
instance at /api/v1/schemas/{fingerprint as hex}. So it keeps decoding when Tally's schemas evolve.

Usage: tally_consumer.py ASYNCAPI_YAML BOOTSTRAP_SERVERS API_BASE_URL
Prints one JSON object: per topic, records decoded, tombstones, and the schemas met. Exits 1 if any
record cannot be decoded (with the reason on stderr).
"""
import io
import json
import subprocess
import sys
import urllib.request

import avro.io
import avro.schema
import yaml

MAGIC = b"\xc3\x01"


def topics_tally_writes(asyncapi_path):
    with open(asyncapi_path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    channels = doc["channels"]
    written = []
    for op in doc["operations"].values():
        if op["action"] != "send":
            continue
        name = op["channel"]["$ref"].rsplit("/", 1)[-1]
        address = channels[name]["address"]
        if address not in written:
            written.append(address)
    return written


def read_topic(bootstrap, topic):
    """(key, value) pairs, value None for a tombstone, from the beginning to the end."""
    out = subprocess.run(
        ["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
         "-X", "isolation.level=read_committed", "-f", "%K %S\n%k%s\n"],
        check=True, capture_output=True).stdout
    records, at = [], 0
    while at < len(out):
        end = out.index(b"\n", at)
        key_len, value_len = (int(n) for n in out[at:end].split(b" "))
        at = end + 1
        key = None if key_len < 0 else out[at:at + key_len]
        at += max(key_len, 0)
        value = None if value_len < 0 else out[at:at + value_len]
        at += max(value_len, 0) + 1  # the newline after the record
        records.append((key, value))
    return records


class Schemas:
    def __init__(self, api):
        self.api = api.rstrip("/")
        self.by_fingerprint = {}

    def writer(self, fingerprint_hex):
        if fingerprint_hex not in self.by_fingerprint:
            url = f"{self.api}/api/v1/schemas/{fingerprint_hex}"
            with urllib.request.urlopen(url, timeout=10) as response:
                self.by_fingerprint[fingerprint_hex] = avro.schema.parse(response.read().decode())
        return self.by_fingerprint[fingerprint_hex]


def decode(schemas, value):
    if value[:2] != MAGIC or len(value) < 10:
        raise ValueError("no Avro single-object header: " + value[:10].hex())
    schema = schemas.writer(value[2:10].hex())
    reader = avro.io.DatumReader(schema)
    return schema, reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def main(asyncapi_path, bootstrap, api):
    schemas = Schemas(api)
    summary, failures = {}, []
    for topic in topics_tally_writes(asyncapi_path):
        seen = {"records": 0, "tombstones": 0, "schemas": set()}
        for key, value in read_topic(bootstrap, topic):
            if value is None:
                seen["tombstones"] += 1
                continue
            try:
                schema, record = decode(schemas, value)
            except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the rest
                failures.append(f"{topic} key {key!r}: {e}")
                continue
            if not isinstance(record, dict):
                failures.append(f"{topic} key {key!r}: decoded to {type(record).__name__}")
                continue
            seen["records"] += 1
            seen["schemas"].add(schema.fullname)
        seen["schemas"] = sorted(seen["schemas"])
        summary[topic] = seen
    print(json.dumps(summary, sort_keys=True))
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
