package dev.paddock.jute.multi;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;

/** One operation of a multi or multiRead request: its type and its request record. */
public record MultiOp(OpCode type, JuteRecord request) {
}
