package org.bihuan.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** 回头看 sample: a pure function of seed and business key. */
class ReinspectionTests {

  static final List<String> KEYS =
      IntStream.rangeClosed(1, 2000).mapToObj(n -> "BH-2026-%06d".formatted(n)).toList();

  @Test
  void theSameSeedDrawsTheSameSample() {
    Reinspection first = sampler(0.1, "bihuan-2026");
    Reinspection again = sampler(0.1, "bihuan-2026");

    assertThat(KEYS.stream().filter(first::drawn).toList())
        .isNotEmpty()
        .isEqualTo(KEYS.stream().filter(again::drawn).toList());
  }

  @Test
  void anotherSeedDrawsAnotherSampleOfTheSameSize() {
    List<String> drawn = KEYS.stream().filter(sampler(0.1, "bihuan-2026")::drawn).toList();
    List<String> other = KEYS.stream().filter(sampler(0.1, "bihuan-2027")::drawn).toList();

    assertThat(other).isNotEqualTo(drawn);
    assertThat(drawn.size()).isBetween(160, 240); // 10 % of 2000, within about three standard deviations
    assertThat(other.size()).isBetween(160, 240);
  }

  @Test
  void shareZeroDrawsNothingAndShareOneDrawsEverything() {
    assertThat(KEYS.stream().filter(sampler(0.0, "s")::drawn)).isEmpty();
    assertThat(KEYS.stream().filter(sampler(1.0, "s")::drawn)).hasSize(KEYS.size());
  }

  @Test
  void aLargerShareKeepsTheSmallerSample() {
    List<String> tenPercent = KEYS.stream().filter(sampler(0.1, "s")::drawn).toList();
    List<String> twentyPercent = KEYS.stream().filter(sampler(0.2, "s")::drawn).toList();

    assertThat(twentyPercent).containsAll(tenPercent);
  }

  private static Reinspection sampler(double share, String seed) {
    return new Reinspection(new ReinspectionProperties(share, seed, 20), null);
  }
}
