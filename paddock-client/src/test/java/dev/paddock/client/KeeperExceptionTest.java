package dev.paddock.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.ErrorCode;
import org.junit.jupiter.api.Test;

class KeeperExceptionTest {
    @Test
    void everyCodeHasItsOwnTypeAndZooKeepersMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            if (code == ErrorCode.OK) {
                continue;
            }
            KeeperException e = KeeperException.create(code, "/p");
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.path()).isEqualTo("/p");
            assertThat(e.getClass()).isNotEqualTo(KeeperException.class);
            assertThat(e.getMessage()).startsWith("KeeperErrorCode = ").endsWith(" for /p");
            assertThat(KeeperException.create(code.code, null).getMessage()).doesNotContain(" for ");
        }
        assertThat(new KeeperException.NoNodeException("/x").getMessage()).isEqualTo("KeeperErrorCode = NoNode for /x");
        assertThat(new KeeperException.NotEmptyException("/x").getMessage())
                .isEqualTo("KeeperErrorCode = Directory not empty for /x");
        assertThat(new KeeperException.SessionExpiredException().getMessage())
                .isEqualTo("KeeperErrorCode = Session expired");
        assertThat(KeeperException.create(ErrorCode.UNKNOWNSESSION).getMessage())
                .isEqualTo("KeeperErrorCode = Unknown error UNKNOWNSESSION");
        assertThat(KeeperException.create(-9999, "/q")).isInstanceOf(KeeperException.SystemErrorException.class);
    }

    @Test
    void pathRules() {
        PathUtils.validatePath("/");
        PathUtils.validatePath("/a/b.c/..d/.e");
        PathUtils.validatePath("/a/", true);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PathUtils.validatePath("/a/..")))
                .hasMessage("Invalid path string \"/a/..\" caused by relative paths not allowed @4");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PathUtils.validatePath("/.")))
                .hasMessage("Invalid path string \"/.\" caused by relative paths not allowed @1");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PathUtils.validatePath("/a\ud800")))
                .hasMessage("Invalid path string \"/a\ud800\" caused by invalid character @2");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> PathUtils.validatePath("/a\u0085")))
                .hasMessage("Invalid path string \"/a\u0085\" caused by invalid character @2");
    }
}
