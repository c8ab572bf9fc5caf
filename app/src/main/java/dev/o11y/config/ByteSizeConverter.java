package dev.o11y.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses byte sizes: 1048576, 512KiB, 8MiB, 1GiB. */
public class ByteSizeConverter implements ITypeConverter<Long> {

  private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)?");

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a size such as 1048576, 512KiB or 8MiB");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    long bytes = switch (unit) {
      case "KiB" -> amount << 10;
      case "MiB" -> amount << 20;
      case "GiB" -> amount << 30;
      default -> amount;
    };
    if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
      throw new TypeConversionException("'" + value + "' must be between 1 byte and 2GiB");
    }
    return bytes;
  }
}
