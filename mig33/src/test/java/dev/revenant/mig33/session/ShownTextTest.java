package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShownTextTest {
    @Test
    void aMessageKeepsItsLineBreaksAndTabsAndLosesOtherControls() {
        assertThat(ShownText.message("fore!\n\tnext\u0007 hole\u202E\u2066x")).isEqualTo("fore!\n\tnext holex");
    }

    @Test
    void aLineLosesEveryControl() {
        assertThat(ShownText.line("a\nb\tc\u0000d\u200Fe")).isEqualTo("abcde");
        assertThat(ShownText.line(null)).isNull();
    }

    @Test
    void aCleanTextIsShownAsItCame() {
        String clean = "hey, are you coming to the game tonight? é 한";
        assertThat(ShownText.message(clean)).isSameAs(clean);
    }
}
