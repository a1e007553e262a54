package dev.revenant.mig33.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CaptchaTest {
    @Test
    void theAnswerIsTheLettersInAnyCaseAndNothingElse() {
        Captcha c = Captcha.next(true);
        assertThat(c.answer()).matches("[" + Captcha.LETTERS + "]{4,5}");
        assertThat(c.answeredBy(c.answer())).isTrue();
        assertThat(c.answeredBy(" " + c.answer().toLowerCase() + " ")).isTrue();
        assertThat(c.answeredBy(c.answer() + "X")).isFalse();
        assertThat(c.answeredBy("")).isFalse();
        assertThat(c.answeredBy(null)).isFalse();
    }

    @Test
    void eachCaptchaHasItsOwnIdAndAPictureThePhonesCanShow() throws Exception {
        Captcha a = Captcha.next(true);
        Captcha b = Captcha.next(true);
        assertThat(a.id()).isNotEqualTo(b.id()).hasSize(16);
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(a.png()));
        assertThat(picture.getWidth()).isGreaterThan(100);
        assertThat(picture.getHeight()).isGreaterThan(30);
        // the letters are drawn: far more dark pixels than the speckles alone
        int dark = 0;
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                if ((picture.getRGB(x, y) & 0xff) < 0x80) {
                    dark++;
                }
            }
        }
        assertThat(dark).isGreaterThan(4 * 10 * 16);
    }

    @Test
    void withoutACaptchaAnyAnswerDoes() {
        Captcha c = Captcha.next(false);
        assertThat(c.answer()).isNull();
        assertThat(c.answeredBy("whatever")).isTrue();
        assertThat(c.answeredBy("")).isTrue();
    }
}
