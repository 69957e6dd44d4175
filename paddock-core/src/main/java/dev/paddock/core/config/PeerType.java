package dev.paddock.core.config;

import java.util.Locale;

/** A server's role in an ensemble: a participant votes and may lead; an observer only follows and serves. */
public enum PeerType {
    PARTICIPANT, OBSERVER;

    /** The word zoo.cfg uses ("participant", "observer"). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null when the word is neither participant nor observer (any case, surrounding blanks ignored) */
    public static PeerType fromConfig(String word) {
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "participant" -> PARTICIPANT;
            case "observer" -> OBSERVER;
            default -> null;
        };
    }
}
