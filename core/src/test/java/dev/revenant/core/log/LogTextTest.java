package dev.revenant.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void aNewlineCannotStartAForgedLogLine() {
        assertThat(LogText.escape("alice\nevent=login_ok user=admin")).isEqualTo("alice\\nevent=login_ok user=admin");
    }

    @Test
    void controlCharactersQuotesAndBackslashesAreEscaped() {
        assertThat(LogText.escape("a\u001b[31mred\"q\\\r\t\u0085")).isEqualTo("a\\u001b[31mred\\\"q\\\\\\r\\t\\u0085");
    }

    @Test
    void lineSeparatorsAndBidiControlsAreEscaped() {
        assertThat(LogText.escape("bob\u2028event=x \u202Egpj.exe\u2066")).isEqualTo("bob\\u2028event=x \\u202egpj.exe\\u2066");
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String plain = "java.lang.NullPointerException at bc.a — ünïcode";
        assertThat(LogText.escape(plain)).isSameAs(plain);
        assertThat(LogText.escape(null)).isEmpty();
    }
}
