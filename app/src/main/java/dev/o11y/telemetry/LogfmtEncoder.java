package dev.o11y.telemetry;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Writes one logfmt line per event: level, ts, caller, msg, service, the trace and request
 * context from the MDC, then the event's own key-value pairs. No library does logfmt for
 * logback, and the format is small enough to own.
 */
public class LogfmtEncoder extends EncoderBase<ILoggingEvent> {

  /** MDC keys written first and in this order, so that lines line up when read by a person. */
  private static final List<String> CONTEXT_KEYS = List.of("trace_id", "span_id", "request_id");

  private final ThrowableProxyConverter throwableConverter = new ThrowableProxyConverter();
  private String service = "receiver";

  public void setService(String service) {
    this.service = service;
  }

  @Override
  public void start() {
    throwableConverter.start();
    super.start();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(256);
    // region: logfmt-order
    field(line, "level", event.getLevel().toString().toLowerCase());
    field(line, "ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    field(line, "caller", caller(event));
    field(line, "msg", event.getFormattedMessage());
    field(line, "service", service);
    Map<String, String> mdc = event.getMDCPropertyMap();
    for (String key : CONTEXT_KEYS) {
      String value = mdc.get(key);
      if (value != null) {
        field(line, key, value);
      }
    }
    // endregion
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        field(line, pair.key, String.valueOf(pair.value));
      }
    }
    if (event.getThrowableProxy() != null) {
      field(line, "error", throwableConverter.convert(event).strip());
    }
    line.setCharAt(line.length() - 1, '\n');
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String caller(ILoggingEvent event) {
    StackTraceElement[] callerData = event.getCallerData();
    if (callerData == null || callerData.length == 0) {
      return "?";
    }
    return callerData[0].getFileName() + ":" + callerData[0].getLineNumber();
  }

  private static void field(StringBuilder line, String key, String value) {
    line.append(key).append('=');
    if (needsQuotes(value)) {
      line.append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> line.append("\\\"");
          case '\\' -> line.append("\\\\");
          case '\n' -> line.append("\\n");
          case '\r' -> line.append("\\r");
          case '\t' -> line.append("\\t");
          default -> line.append(c);
        }
      }
      line.append('"');
    } else {
      line.append(value);
    }
    line.append(' ');
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty()) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
