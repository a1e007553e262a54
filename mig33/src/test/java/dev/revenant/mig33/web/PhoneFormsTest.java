package dev.revenant.mig33.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a phone's form data is read: as the real browsers write it (only spaces escaped). */
class PhoneFormsTest {

    @Test
    void escapesAreDecodedAndEverythingElseStandsAsWritten() {
        Map<String, String> form = PhoneForms.formOf("a=b%20c&plus=1+2&bad=%zz%4&utf=%C3%A9t%C3%A9&a=second&=x&lone");
        assertThat(form).containsEntry("a", "b c").containsEntry("plus", "1+2").containsEntry("bad", "%zz%4")
                .containsEntry("utf", "été").doesNotContainKey("").doesNotContainKey("lone").hasSize(4);
    }

    @Test
    void pastTheLimitNothingIsRead() {
        String padding = "p=" + "x".repeat(PhoneForms.MAX_FORM_CHARS);
        assertThat(PhoneForms.formOf("new=N3wSecret&" + padding + "&again=N3wSecret"))
                .containsKey("new").doesNotContainKey("again");
    }
}
