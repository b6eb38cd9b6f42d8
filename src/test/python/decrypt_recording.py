#!/usr/bin/env python3
"""Decrypts one file of the SRS archive's encrypted format, written from docs/recordings.md
("Encryption at rest") alone, with Debian's python3-cryptography: the independent reader our
tests hold the Java writer to.

usage: decrypt_recording.py --kek-file <file holding the 32-byte key-encryption key, raw>
                            [--key-id <id the header must name>] <file.enc> <output file>

Prints one line of JSON: keyId, segments, bytes, finished. A .wav output gets its RIFF and data
sizes from the decrypted length. Exit 0 when finished, 3 when the final segment is missing (the
server stopped mid-call), 1 when something does not decrypt (nothing is written then).
"""
import argparse
import json
import os
import struct
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

MAGIC = b"SRS-ENC"
WRAPPED = 40
PREFIX = 7
TAG = 16
MAX_SEGMENT = 1 << 20


class Bad(Exception):
    pass


def decrypt(data, kek, expected_key_id):
    if len(data) < 9 or data[:7] != MAGIC:
        raise Bad("not an encrypted recording")
    if data[7] != 1:
        raise Bad("version %d" % data[7])
    n = data[8]
    header_len = 9 + n + WRAPPED + PREFIX
    if n == 0 or len(data) < header_len:
        raise Bad("header cut off or empty key id")
    header = data[:header_len]
    key_id = header[9:9 + n].decode("utf-8")
    if expected_key_id is not None and key_id != expected_key_id:
        raise Bad("header names key id %r" % key_id)
    try:
        data_key = aes_key_unwrap(kek, header[9 + n:9 + n + WRAPPED])
    except InvalidUnwrap:
        raise Bad("data key does not unwrap")
    prefix = header[9 + n + WRAPPED:]
    gcm = AESGCM(data_key)
    out = bytearray()
    at = header_len
    index = 0
    while True:
        if len(data) - at < 4 + TAG:
            return key_id, index, bytes(out), False
        (length,) = struct.unpack(">I", data[at:at + 4])
        if length > MAX_SEGMENT:
            raise Bad("segment %d: length %d" % (index, length))
        end = at + 4 + length + TAG
        if end > len(data):
            return key_id, index, bytes(out), False
        sealed = data[at + 4:end]

        def opened(last):
            nonce = prefix + struct.pack(">IB", index, last)
            try:
                return gcm.decrypt(nonce, sealed, header)
            except InvalidTag:
                return None

        if end == len(data):
            plain = opened(1)
            if plain is not None:
                out += plain
                return key_id, index + 1, bytes(out), True
        plain = opened(0)
        if plain is None:
            raise Bad("segment %d does not authenticate" % index)
        out += plain
        at = end
        index += 1


def fix_wav_sizes(b):
    b = bytearray(b)
    if b[:4] != b"RIFF" or b[8:12] != b"WAVE":
        raise Bad("not a WAV")
    at = 12
    while at + 8 <= len(b):
        cid = bytes(b[at:at + 4])
        (size,) = struct.unpack("<I", b[at + 4:at + 8])
        if cid == b"data":
            b[at + 4:at + 8] = struct.pack("<I", len(b) - at - 8)
            b[4:8] = struct.pack("<I", len(b) - 8)
            return bytes(b)
        at += 8 + size + (size & 1)
    raise Bad("no data chunk")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kek-file", required=True)
    p.add_argument("--key-id")
    p.add_argument("input")
    p.add_argument("output")
    a = p.parse_args()
    with open(a.kek_file, "rb") as f:
        kek = f.read()
    with open(a.input, "rb") as f:
        data = f.read()
    try:
        key_id, segments, plain, finished = decrypt(data, kek, a.key_id)
        if a.output.endswith(".wav"):
            plain = fix_wav_sizes(plain)
    except Bad as e:
        print("%s: %s" % (a.input, e), file=sys.stderr)
        if os.path.exists(a.output):
            os.remove(a.output)
        return 1
    with open(a.output, "wb") as f:
        f.write(plain)
    print(json.dumps({"keyId": key_id, "segments": segments, "bytes": len(plain),
                      "finished": finished}))
    return 0 if finished else 3


if __name__ == "__main__":
    sys.exit(main())
