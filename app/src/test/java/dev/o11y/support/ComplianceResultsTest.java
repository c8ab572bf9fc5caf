package dev.o11y.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The compliance suite's verbose output, as a stub that answers 204 to everything got it. */
class ComplianceResultsTest {

  private static final ComplianceResults RESULTS = ComplianceResults.parse(excerpt());

  private static String excerpt() {
    try (var in = ComplianceResultsTest.class.getResourceAsStream("/compliance/suite-output-excerpt.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void oneCasePerLeafWithTheLevelOfItsNearestParentThatHasOne() {
    assertThat(RESULTS.cases()).extracting(ComplianceResults.Case::name).containsExactly(
        "TestSamplesWithMetadataAndExemplars/_returns_204",
        "TestSamplesWithMetadataAndExemplars/#00",
        "TestExemplarValidation/exemplar_without_name_label",
        "TestExemplarValidation/exemplar_with_empty_name",
        "TestExemplarValidation/exemplar_with_valid_name",
        "TestRW1BasicCompatibility");
    assertThat(RESULTS.cases()).extracting(ComplianceResults.Case::level)
        .containsExactly("SHOULD", "MUST", "SHOULD", "SHOULD", "SHOULD", "MAY");
  }

  @Test
  void passesFailuresAndStatusCodesAreRead() {
    assertThat(RESULTS.failing("MUST")).containsExactly("TestSamplesWithMetadataAndExemplars/#00");
    assertThat(RESULTS.failing("MAY")).isEmpty();
    assertThat(RESULTS.cases()).allSatisfy(c -> assertThat(c.status()).isEqualTo("204"));
    assertThat(RESULTS.summary()).contains("MUST     0 of   1 passed").contains("MAY      1 of   1 passed");
  }
}
