package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell reader that AttendeeTargetsTest relies on, on the constructs the recipes and scripts use. */
class ShellCommandsTest {

  private static final String SCRIPT = """
      #!/usr/bin/env bash
      set -euo pipefail
      cd "$(dirname "$0")/.."
      ok() { printf '%s\\n' "$*"; }
      deadline=$(( $(date +%s) + ${1:-300} ))
      LOADGEN_RATE=10 docker compose up -d loadgen 2>/dev/null || echo "failed; (offline?)" >&2
      for port in 1 2 \\
        3; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ok "in use"; fi
      done
      case "$(uname -m)" in
        x86_64|amd64) ok "x86";;
        *) echo "other: $(( (1 + 2) * 3 ))";;
      esac
      [ -n "$x" ] && { curl -fsS "http://a/b?c=d" | grep -q '^right'; }
      v=`awk '{print $1}' file`
      """;

  @Test
  void eachSimpleCommandIsFoundWhereverBashWouldRunIt() {
    List<List<String>> commands = ShellCommands.of(SCRIPT);
    assertThat(commands).extracting(c -> c.get(0)).containsExactly(
        "set", "dirname", "cd", "ok", "printf", "date", "docker", "echo", "exec", "ok", "uname", "ok", "echo",
        "[", "curl", "grep", "awk");
    assertThat(commands).contains(List.of("docker", "compose", "up", "-d", "loadgen"), List.of("echo", "failed; (offline?)"),
        List.of("curl", "-fsS", "http://a/b?c=d"), List.of("awk", "{print $1}", "file"));
    assertThat(ShellCommands.functions(SCRIPT)).containsExactly("ok");
  }

  @Test
  void aHereDocumentIsRefusedRatherThanMisread() {
    assertThatThrownBy(() -> ShellCommands.of("cat <<EOF\njava -version\nEOF\n"))
        .hasMessageStartingWith("a here-document at offset 4");
  }
}
