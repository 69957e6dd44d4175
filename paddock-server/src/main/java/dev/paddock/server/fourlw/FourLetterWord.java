package dev.paddock.server.fourlw;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The four-letter words ZooKeeper 3.9 knows. A new connection whose first four bytes, read as a big-endian
 * int, equal one of these codes is a four-letter-word request rather than a length prefix.
 */
public enum FourLetterWord {
    CONF("conf"), CONS("cons"), CRST("crst"), DIRS("dirs"), DUMP("dump"), ENVI("envi"), GTMK("gtmk"),
    RUOK("ruok"), STMK("stmk"), SRST("srst"), SRVR("srvr"), STAT("stat"), WCHC("wchc"), WCHP("wchp"),
    WCHS("wchs"), MNTR("mntr"), ISRO("isro"), HASH("hash"),
    /** What telnet sends when it closes a connection (IAC DO TIMING-MARK), which ZooKeeper also lists. */
    TELNET_CLOSE("telnet close", 0xfff4fffd);

    /** The name used in 4lw.commands.whitelist and in replies. */
    public final String word;
    /** The first four bytes of the request as an int. */
    public final int code;

    FourLetterWord(String word) {
        this(word, codeOf(word));
    }

    FourLetterWord(String word, int code) {
        this.word = word;
        this.code = code;
    }

    private static int codeOf(String w) {
        byte[] b = w.getBytes(StandardCharsets.US_ASCII);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private static final Map<Integer, FourLetterWord> BY_CODE = new HashMap<>();
    private static final Map<String, FourLetterWord> BY_NAME = new HashMap<>();

    static {
        for (FourLetterWord w : values()) {
            BY_CODE.put(w.code, w);
            BY_NAME.put(w.word, w);
        }
    }

    /** The word whose code is {@code code}, or null. */
    public static FourLetterWord byCode(int code) {
        return BY_CODE.get(code);
    }

    /** The word called {@code name} (as in the whitelist), or null. */
    public static FourLetterWord byName(String name) {
        return BY_NAME.get(name);
    }
}
