package dev.paddock.server.net;

import dev.paddock.server.fourlw.FourLetterWord;

/**
 * A new connection opened with a four-letter word instead of a length prefix. {@code argument} is the 8-byte
 * trace mask that follows "stmk", 0 otherwise.
 */
public record FourLetterWordRequest(FourLetterWord word, long argument) {
}
