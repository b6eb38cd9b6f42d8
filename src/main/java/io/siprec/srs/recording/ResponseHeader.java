package io.siprec.srs.recording;

/** One header line of an answer the core decided on, in the order it is to be written. */
public record ResponseHeader(String name, String value) {}
