package dev.revenant.pangya.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

class NameRulesTest {
    private static final Charset TH = Charset.forName("windows-874");
    private static final Charset US = Charset.forName("windows-1252");

    @Test
    void nicknames() {
        assertThat(NameRules.nicknameProblem("Birdie_99", "alice", US)).isEmpty();
        assertThat(NameRules.nicknameProblem("สุขุมวิท", "alice", TH)).isEmpty(); // Thai, with its vowel marks
        assertThat(NameRules.nicknameProblem("สุขุมวิท", "alice", US)).contains("not in the client's code page");
        assertThat(NameRules.nicknameProblem("ab", "alice", US)).contains("length");
        assertThat(NameRules.nicknameProblem("abcdefghijklmnopq", "alice", US)).contains("length");
        assertThat(NameRules.nicknameProblem("two words", "alice", US)).contains("characters");
        assertThat(NameRules.nicknameProblem("ALICE", "alice", US)).contains("equal to the username");
        assertThat(NameRules.nicknameProblem("", "alice", US)).contains("empty");
    }
}
