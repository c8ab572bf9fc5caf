package dev.o11y.receiver;

import dev.o11y.remotewrite.RejectedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  private final MemoryBudget budget = new MemoryBudget(64 * 1024);

  @Test
  void reservesUntilClosedAndRefusesWhatDoesNotFitNow() {
    try (MemoryBudget.Reservation first = budget.reserve(40 * 1024)) {
      assertThat(budget.inUseBytes()).isEqualTo(40 * 1024);
      assertThatThrownBy(() -> budget.reserve(30 * 1024))
          .isInstanceOfSatisfying(RejectedRequest.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.reason()).isEqualTo("overloaded");
          });
      budget.reserve(24 * 1024).close(); // what is left still fits
    }
    assertThat(budget.inUseBytes()).isZero();
    budget.reserve(64 * 1024).close(); // all of it, once given back
  }

  @Test
  void roundsUpToWholeKibibytesSoSmallReservationsAreNotFree() {
    try (MemoryBudget.Reservation tiny = budget.reserve(1)) {
      assertThat(budget.inUseBytes()).isEqualTo(1024);
    }
  }

  @Test
  void whatCouldNeverFitIs413NotARetry() {
    assertThatThrownBy(() -> budget.reserve(64 * 1024 + 1))
        .isInstanceOfSatisfying(RejectedRequest.class, e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.reason()).isEqualTo("over_memory_budget");
        });
    assertThat(budget.inUseBytes()).isZero();
  }

  @Test
  void defaultsToHalfTheHeap() {
    assertThat(MemoryBudget.halfTheHeap()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
  }
}
