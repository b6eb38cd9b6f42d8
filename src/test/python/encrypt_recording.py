#!/usr/bin/env python3
"""Encrypts a file into the SRS archive's encrypted format, written from docs/recordings.md
("Encryption at rest", file format version 1) alone, with Debian's python3-cryptography: an
independent writer our readers are held to.

usage: encrypt_recording.py --kek-file <file holding the raw 32-byte key-encryption key>
                            --key-id <id> [--segment-bytes N] [--unfinished] <plain> <out.enc>

The plaintext is cut into segments of N bytes (default 3200: 100 ms of 16 kHz mono); a finished
file ends with an empty final segment sealed with the last-segment flag, as the server's writer
closes its files; --unfinished leaves it out (a server stopped mid-call).
"""
import argparse
import os
import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import aes_key_wrap


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kek-file", required=True)
    p.add_argument("--key-id", required=True)
    p.add_argument("--segment-bytes", type=int, default=3200)
    p.add_argument("--unfinished", action="store_true")
    p.add_argument("plain")
    p.add_argument("out")
    a = p.parse_args()
    kek = open(a.kek_file, "rb").read()
    plain = open(a.plain, "rb").read()
    key_id = a.key_id.encode("utf-8")
    data_key = os.urandom(32)
    prefix = os.urandom(7)
    # magic | version 1 | key id length | key id | wrapped data key (RFC 3394) | nonce prefix
    header = b"SRS-ENC" + bytes([1, len(key_id)]) + key_id + aes_key_wrap(kek, data_key) + prefix
    gcm = AESGCM(data_key)
    out = bytearray(header)
    chunks = [plain[i:i + a.segment_bytes] for i in range(0, len(plain), a.segment_bytes)]
    if not a.unfinished:
        chunks.append(b"")
    for index, chunk in enumerate(chunks):
        last = 1 if (not a.unfinished and index == len(chunks) - 1) else 0
        nonce = prefix + struct.pack(">I", index) + bytes([last])
        out += struct.pack(">I", len(chunk)) + gcm.encrypt(nonce, chunk, header)
    with open(a.out, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
