package dev.o11y.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample's value out of a Prometheus text exposition. */
public final class MetricsText {

  private MetricsText() {}

  /** The value of the line that starts with exactly this series (name plus labels), or NaN. */
  public static double value(String exposition, String series) {
    Pattern line = Pattern.compile("^" + Pattern.quote(series) + " ([^ \\n]+)", Pattern.MULTILINE);
    Matcher m = line.matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
