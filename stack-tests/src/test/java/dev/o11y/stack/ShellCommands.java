package dev.o11y.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple commands a piece of shell runs, split as bash splits them: each command's words
 * with quotes removed (expansions kept as text), leading NAME=value assignments and
 * redirections dropped, reserved words skipped. Command substitutions ($(...), `...`, also
 * inside double quotes and $((...))) and subshells give commands of their own; the patterns of
 * a `case` and the list of a `for` are not commands. Enough of bash for a make recipe and the
 * repository's scripts; a here-document is refused, so that a script with one is not misread.
 */
final class ShellCommands {

  /** Words after which the next word is still the command. */
  private static final Set<String> LEADING = Set.of("if", "then", "elif", "else", "while", "until", "do", "!", "{", "time");
  /** Words that close a compound command: what follows them is not a command word. */
  private static final Set<String> CLOSING = Set.of("fi", "done", "}", "esac");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
  private static final Pattern FUNCTION = Pattern.compile("(?m)^\\s*(?:function\\s+)?([A-Za-z_][A-Za-z0-9_-]*)\\s*\\(\\)\\s*\\{");

  private final String text;
  private final List<List<String>> commands = new ArrayList<>();
  private int at;
  private int backticks; // inside `...`, a backtick closes instead of opening

  private ShellCommands(String text) {
    this.text = text;
  }

  /** Every simple command of the text, in the order each ends. */
  static List<List<String>> of(String text) {
    ShellCommands parser = new ShellCommands(text);
    parser.list(-1);
    return parser.commands;
  }

  /** The names of the functions the text defines: commands of its own. */
  static Set<String> functions(String text) {
    Set<String> names = new java.util.TreeSet<>();
    Matcher m = FUNCTION.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Commands up to {@code end} (')' or '`', consumed) or the end of the text (-1). */
  private void list(int end) {
    List<String> words = new ArrayList<>();
    boolean skipping = false; // a `for` list, up to the next ; or newline
    int cases = 0;
    boolean pattern = false;  // a `case` pattern comes next
    while (at < text.length()) {
      char c = text.charAt(at);
      if (pattern) {
        skipBlanks(true);
        if (text.startsWith("esac", at) && boundary(at + 4)) {
          at += 4;
          cases--;
          pattern = false;
          finish(words);
          continue;
        }
        skipPattern();
        pattern = false;
        continue;
      }
      if (c == end) {
        at++;
        finish(words);
        return;
      }
      if (c == ' ' || c == '\t') {
        at++;
      } else if (c == '\\' && at + 1 < text.length() && text.charAt(at + 1) == '\n') {
        at += 2; // a continued line
      } else if (c == '#') {
        while (at < text.length() && text.charAt(at) != '\n') {
          at++;
        }
      } else if (c == '\n' || c == ';' || c == '&' || c == '|') {
        if (c == ';' && text.startsWith(";;", at)) {
          at++;
          pattern = cases > 0;
        }
        at++;
        skipping = false;
        finish(words);
      } else if (c == '(') {
        at++;
        finish(words); // `name()` ends a function's name; `( ... )` is a subshell
        list(')');
      } else if (c == ')') {
        at++;
        finish(words);
      } else if (c == '<' || c == '>') {
        redirection();
      } else {
        String word = word();
        if (at < text.length() && (text.charAt(at) == '<' || text.charAt(at) == '>') && word.matches("\\d+")) {
          continue; // the file descriptor of a redirection: 2>/dev/null
        }
        if (skipping) {
          continue;
        }
        if (words.isEmpty()) {
          if (LEADING.contains(word) || ASSIGNMENT.matcher(word).matches()) {
            continue;
          }
          if (CLOSING.contains(word)) {
            cases -= word.equals("esac") ? 1 : 0;
            finish(words);
            continue;
          }
          if (word.equals("for")) {
            skipping = true;
            continue;
          }
          if (word.equals("function")) {
            skipBlanks(false);
            word(); // its name; the body's commands follow
            continue;
          }
          if (word.equals("[[")) {
            int close = text.indexOf("]]", at);
            if (close < 0) {
              throw new IllegalArgumentException("[[ without ]] at offset " + at);
            }
            at = close + 2; // its && and || are its own, not lists of commands
            commands.add(List.of("[["));
            continue;
          }
          if (word.equals("case")) {
            skipBlanks(false);
            word(); // the subject
            skipBlanks(false);
            if (!word().equals("in")) {
              throw new IllegalArgumentException("case without in, at offset " + at);
            }
            cases++;
            pattern = true;
            continue;
          }
        }
        words.add(word);
      }
    }
    if (end != -1) {
      throw new IllegalArgumentException("no closing " + (char) end + " before the end of the text");
    }
    finish(words);
  }

  private void finish(List<String> words) {
    if (!words.isEmpty()) {
      commands.add(List.copyOf(words));
      words.clear();
    }
  }

  /** One word, quotes removed, up to an unquoted blank or operator; substitutions in it are parsed. */
  private String word() {
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (" \t\n;&|()<>".indexOf(c) >= 0 || (c == '`' && backticks > 0)) {
        break;
      }
      if (c == '\'') {
        int close = text.indexOf('\'', at + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed ' at offset " + at);
        }
        out.append(text, at + 1, close);
        at = close + 1;
      } else if (c == '"') {
        at++;
        doubleQuoted(out);
      } else if (c == '\\' && at + 1 < text.length()) {
        out.append(text.charAt(at + 1));
        at += 2;
      } else if (c == '$' || c == '`') {
        expansion(out);
      } else {
        out.append(c);
        at++;
      }
    }
    return out.toString();
  }

  private void doubleQuoted(StringBuilder out) {
    while (at < text.length() && text.charAt(at) != '"') {
      char c = text.charAt(at);
      if (c == '\\' && at + 1 < text.length()) {
        out.append(text.charAt(at + 1));
        at += 2;
      } else if (c == '$' || c == '`') {
        expansion(out);
      } else {
        out.append(c);
        at++;
      }
    }
    if (at >= text.length()) {
      throw new IllegalArgumentException("unclosed \" before the end of the text");
    }
    at++;
  }

  /** $(...), `...`, $((...)) or ${...}, kept as text; the commands inside the first two are parsed. */
  private void expansion(StringBuilder out) {
    int start = at;
    if (text.startsWith("$((", at)) {
      at += 3;
      arithmetic();
    } else if (text.startsWith("$(", at)) {
      at += 2;
      list(')');
    } else if (text.charAt(at) == '`') {
      at++;
      backticks++;
      list('`');
      backticks--;
    } else if (text.startsWith("${", at)) {
      int depth = 0;
      do {
        depth += text.charAt(at) == '{' ? 1 : text.charAt(at) == '}' ? -1 : 0;
        at++;
      } while (depth > 0 && at < text.length());
    } else {
      at++; // $name, $1, $*: a parameter, no command
    }
    out.append(text, start, at);
  }

  /** The inside of $((...)), up to and past its closing "))"; command substitutions in it are parsed. */
  private void arithmetic() {
    int depth = 0;
    while (at < text.length()) {
      if (text.startsWith("$(", at) && !text.startsWith("$((", at)) {
        at += 2;
        list(')');
        continue;
      }
      char c = text.charAt(at);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (c == ')') {
        at += 2; // "))"
        return;
      }
      at++;
    }
    throw new IllegalArgumentException("unclosed $(( before the end of the text");
  }

  /** A redirection operator and its target, neither of which is a command word. */
  private void redirection() {
    if (text.startsWith("<<", at) && !text.startsWith("<<<", at)) {
      throw new IllegalArgumentException("a here-document at offset " + at + ": not read by this parser");
    }
    while (at < text.length() && "<>&".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    skipBlanks(false);
    word();
  }

  /** A case pattern, up to and past its unquoted ')'. */
  private void skipPattern() {
    while (at < text.length() && text.charAt(at) != ')') {
      char c = text.charAt(at);
      if (c == '\'' || c == '"') {
        int close = text.indexOf(c, at + 1);
        at = close < 0 ? text.length() : close + 1;
      } else {
        at++;
      }
    }
    at++;
  }

  private void skipBlanks(boolean newlines) {
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t'
        || (newlines && text.charAt(at) == '\n'))) {
      at++;
    }
  }

  private boolean boundary(int index) {
    return index >= text.length() || " \t\n;)".indexOf(text.charAt(index)) >= 0;
  }
}
