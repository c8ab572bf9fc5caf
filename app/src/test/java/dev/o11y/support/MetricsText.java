package dev.o11y.support;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of a Prometheus text exposition. */
public final class MetricsText {

  private MetricsText() {}

  /** The value of the line that starts with exactly this series (name plus labels), or NaN. */
  public static double value(String exposition, String series) {
    Pattern line = Pattern.compile("^" + Pattern.quote(series) + " ([^ \\n]+)", Pattern.MULTILINE);
    Matcher m = line.matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** The sum over every series of a metric name, whatever its labels; 0 when there is none. */
  public static double sum(String exposition, String name) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([^ \\n]+)", Pattern.MULTILINE);
    Matcher m = line.matcher(exposition);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  /** The sum over the series of a metric name whose label has one of the values. */
  public static double sum(String exposition, String name, String label, Set<String> values) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*}) ([^ \\n]+)", Pattern.MULTILINE);
    Matcher m = line.matcher(exposition);
    double sum = 0;
    while (m.find()) {
      if (values.contains(label(m.group(1), label))) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  /** The value of one label on an exposition line, or "" when the line has no such label. */
  public static String label(String line, String label) {
    Matcher m = Pattern.compile("[{,]" + Pattern.quote(label) + "=\"([^\"]*)\"").matcher(line);
    return m.find() ? m.group(1) : "";
  }
}
