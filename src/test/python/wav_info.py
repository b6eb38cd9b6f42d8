#!/usr/bin/env python3
"""Prints what Python's own wave module reads in each WAV file named: one line of JSON per file
(frames, rate, channels, sampleWidth, seconds). The independent WAV reader of our tests."""
import json
import sys
import wave

for name in sys.argv[1:]:
    with wave.open(name, "rb") as w:
        frames = w.getnframes()
        # Reading the frames proves the data is there, not only the header's claim.
        read = len(w.readframes(frames)) // (w.getsampwidth() * w.getnchannels())
        print(json.dumps({"file": name, "frames": frames, "framesRead": read,
                          "rate": w.getframerate(), "channels": w.getnchannels(),
                          "sampleWidth": w.getsampwidth(),
                          "seconds": frames / w.getframerate()}))
