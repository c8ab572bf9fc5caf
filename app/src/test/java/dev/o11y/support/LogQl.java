package dev.o11y.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Loki's parser would say of a query the provisioning sends it. */
public final class LogQl {

  private static final Pattern MATCHER = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

  private LogQl() {}

  /**
   * Loki refuses a query whose stream selector could match every stream: it needs at least
   * one matcher that does not match the empty string. Checks that, as Loki's parser would.
   */
  public static boolean hasSelectiveStreamSelector(String logql) {
    String q = logql.strip();
    if (!q.startsWith("{") || q.indexOf('}') < 0) {
      return false;
    }
    String inside = q.substring(1, q.indexOf('}'));
    Matcher m = MATCHER.matcher(inside);
    int end = 0;
    boolean selective = false;
    while (m.lookingAt()) {
      String op = m.group(2);
      String value = m.group(3).replace("\\\"", "\"");
      if (op.equals("=") && !value.isEmpty()) {
        selective = true;
      } else if (op.equals("=~") && !"".matches(value)) {
        selective = true;
      }
      end = m.end();
      m.region(end, inside.length());
    }
    return selective && inside.substring(end).isBlank();
  }
}
