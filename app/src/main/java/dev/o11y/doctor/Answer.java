package dev.o11y.doctor;

/** What a backend answered to one question: a value, or the error it gave instead. */
public record Answer<T>(T value, String error) {

  public static <T> Answer<T> of(T value) {
    return new Answer<>(value, null);
  }

  public static <T> Answer<T> failed(String error) {
    return new Answer<>(null, error);
  }

  public boolean failed() {
    return error != null;
  }

  /** The value turned into another, or the same error. */
  public <R> Answer<R> map(java.util.function.Function<T, R> f) {
    return failed() ? failed(error) : of(f.apply(value));
  }
}
