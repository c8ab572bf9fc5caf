package dev.o11y.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `make kit`, `make kit-load` and make doctor's image check (stack-tests/bin/kit.sh), in the
 * parts that need no Docker engine: the image list read from Compose's own `config --images`,
 * the manifest and its checksum, and the doctor's verdict. The Docker CLI's answers are given as
 * text in src/test/resources/docker/: compose-config-images.txt is the output of the Compose v5
 * that scripts/native-tools.sh builds; image-ls.txt (`docker image ls --format
 * '{{.Repository}}:{{.Tag}}'`) and image-inspect.txt (each reference, then `docker image inspect
 * --format '{{.Id}} {{.Size}}'`) are written in the formats those commands print, no engine being
 * here to record them. The save and the load themselves run in CI's it job (make kit && make kit-load).
 */
class KitTest {

  record Run(int exitCode, String stdout, String stderr) {}

  static Run kit(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", Stack.file("stack-tests/bin/kit.sh").toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kit", ".out");
      Path err = Files.createTempFile("kit", ".err");
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String recorded(String name) {
    try (InputStream in = KitTest.class.getResourceAsStream("/docker/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  // ------------------------------------------------------------------ the images

  @Test
  void theKitTakesEachImageComposeListsOnce() {
    Run run = kit(recorded("compose-config-images.txt"), "images");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().lines()).containsExactly(
        "ghcr.io/o11y-workshop/o11y-workshop/receiver:0.1.0", "grafana/grafana:13.2.3", "grafana/loki:3.7.8",
        "grafana/pyroscope:2.2.1", "jaegertracing/jaeger:2.12.0", "prom/prometheus:v3.16.0");
  }

  @Test
  void theKitTakesWhatTheComposeFileRunsToday() throws Exception {
    ToolChecksTest.requireCompose();
    Stack.Result images = ToolChecksTest.composeConfig("--images");
    assertThat(images.exitCode()).as(images.output()).isZero();
    Run run = kit(images.output(), "images");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    TreeSet<String> services = new TreeSet<>();
    StackChecks.services(Stack.yaml(Stack.file("docker-compose.yml"))).forEach((name, svc) ->
        services.add(svc.path("image").asText().replaceAll("\\$\\{RECEIVER_TAG:-([^}]+)}", "$1")));
    assertThat(run.stdout().lines()).containsExactlyElementsOf(services);
  }

  @Test
  void anUnpinnedOrUntaggedImageStopsTheKit() {
    Run latest = kit("grafana/grafana:latest\n", "images");
    assertThat(latest.exitCode()).isEqualTo(1);
    assertThat(latest.stderr()).contains("grafana/grafana:latest is not pinned");
    Run untagged = kit("localhost:5000/tool\n", "images");
    assertThat(untagged.exitCode()).isEqualTo(1);
    assertThat(untagged.stderr()).contains("localhost:5000/tool has no tag");
    assertThat(kit("\n", "images").exitCode()).as("compose listed nothing").isEqualTo(1);
  }

  // ------------------------------------------------------------------ manifest and checksum

  /** A kit of a small archive: its manifest, written by kit.sh from the recorded inspect lines. */
  static Path writeKit(Path dir, byte[] archive) throws IOException {
    Files.write(dir.resolve("images-linux-arm64.tar"), archive);
    Run run = kit(recorded("image-inspect.txt"), "manifest", "arm64", dir.resolve("images-linux-arm64.tar").toString());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path manifest = dir.resolve("images-linux-arm64.manifest");
    Files.writeString(manifest, run.stdout());
    return manifest;
  }

  @Test
  void theManifestGivesEachImagesReferenceIdAndSizeAndTheArchivesSha256() throws Exception {
    Path dir = Files.createTempDirectory("kit");
    Path manifest = writeKit(dir, "a docker save archive".getBytes(StandardCharsets.UTF_8));
    List<String> lines = Files.readAllLines(manifest).stream().filter(l -> !l.startsWith("#")).toList();
    assertThat(lines.get(0)).isEqualTo("platform linux/arm64");
    assertThat(lines.subList(1, 7)).containsExactlyElementsOf(
        recorded("image-inspect.txt").lines().map(l -> "image " + l).toList());
    assertThat(lines.get(7)).isEqualTo("sha256 " + sha256(dir.resolve("images-linux-arm64.tar")) + " images-linux-arm64.tar");
    assertThat(lines).hasSize(8);
  }

  @Test
  void anInspectLineWithoutAnIdOrASizeStopsTheManifest() throws Exception {
    Path archive = Files.createTempFile("images", ".tar");
    Run noId = kit("grafana/grafana:13.2.3 \n", "manifest", "amd64", archive.toString());
    assertThat(noId.exitCode()).isEqualTo(1);
    assertThat(noId.stderr()).contains("no image ID for grafana/grafana:13.2.3");
    Run noSize = kit("grafana/grafana:13.2.3 sha256:9a8b 12MB\n", "manifest", "amd64", archive.toString());
    assertThat(noSize.exitCode()).isEqualTo(1);
    assertThat(noSize.stderr()).contains("no size for grafana/grafana:13.2.3");
  }

  @Test
  void kitLoadAcceptsTheArchiveItsManifestDescribes() throws Exception {
    Path manifest = writeKit(Files.createTempDirectory("kit"), new byte[] {1, 2, 3, 4, 5});
    Run run = kit("", "verify", manifest.toString());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("matches its manifest");
  }

  @Test
  void kitLoadRefusesAnArchiveWithOneByteChanged() throws Exception {
    byte[] archive = new byte[64 * 1024];
    new java.util.Random(25).nextBytes(archive);
    Path dir = Files.createTempDirectory("kit");
    Path manifest = writeKit(dir, archive);
    archive[archive.length / 2] ^= 1;
    Files.write(dir.resolve("images-linux-arm64.tar"), archive);
    Run run = kit("", "verify", manifest.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is damaged or incomplete: its sha256 is " + sha256(dir.resolve("images-linux-arm64.tar")));
  }

  @Test
  void kitLoadRefusesATruncatedArchiveAMissingOneAndAManifestWithoutItsChecksum() throws Exception {
    Path dir = Files.createTempDirectory("kit");
    Path manifest = writeKit(dir, new byte[] {1, 2, 3, 4, 5});
    Files.write(dir.resolve("images-linux-arm64.tar"), new byte[] {1, 2, 3, 4});
    assertThat(kit("", "verify", manifest.toString()).stderr()).contains("is damaged or incomplete");
    Files.delete(dir.resolve("images-linux-arm64.tar"));
    assertThat(kit("", "verify", manifest.toString()).stderr()).contains("images-linux-arm64.tar is missing");
    Files.writeString(manifest, String.join("\n", Files.readAllLines(manifest).stream().filter(l -> !l.startsWith("sha256 ")).toList()));
    Run cut = kit("", "verify", manifest.toString());
    assertThat(cut.exitCode()).isEqualTo(1);
    assertThat(cut.stderr()).contains("has no sha256 line");
  }

  // ------------------------------------------------------------------ make doctor

  @Test
  void theDoctorNamesTheMissingImagesAndAPullFixesThemWithoutAKit() {
    Run run = kit("", "missing", recorded("compose-config-images.txt"), recorded("image-ls.txt"), "kit/no-such.manifest");
    assertThat(run.stdout().lines()).containsExactly(
        "missing ghcr.io/o11y-workshop/o11y-workshop/receiver:0.1.0", "missing grafana/loki:3.7.8", "fix pull");
  }

  @Test
  void theDoctorSendsToKitLoadWhenTheKitHasEveryMissingImage() throws Exception {
    Path manifest = writeKit(Files.createTempDirectory("kit"), new byte[] {1});
    Run run = kit("", "missing", recorded("compose-config-images.txt"), recorded("image-ls.txt"), manifest.toString());
    assertThat(run.stdout().lines()).containsExactly(
        "missing ghcr.io/o11y-workshop/o11y-workshop/receiver:0.1.0", "missing grafana/loki:3.7.8", "fix kit-load");
  }

  @Test
  void theDoctorSendsToAPullWhenTheKitLacksOneOfThem() throws Exception {
    Path manifest = writeKit(Files.createTempDirectory("kit"), new byte[] {1});
    Files.writeString(manifest, Files.readString(manifest).replace("image grafana/loki:3.7.8 ", "image grafana/loki:3.7.6 "));
    Run run = kit("", "missing", recorded("compose-config-images.txt"), recorded("image-ls.txt"), manifest.toString());
    assertThat(run.stdout().lines()).last().isEqualTo("fix pull");
  }

  @Test
  void theDoctorFindsNothingMissingWhenEveryImageIsHere() {
    String here = recorded("image-ls.txt") + "ghcr.io/o11y-workshop/o11y-workshop/receiver:0.1.0\ngrafana/loki:3.7.8\n";
    assertThat(kit("", "missing", recorded("compose-config-images.txt"), here).stdout().strip()).isEqualTo("none");
  }

  @Test
  void theDoctorAsksKitShWithComposesListAndDockersAndSaysEachVerdict() throws IOException {
    String doctor = Files.readString(Stack.file("stack-tests/bin/doctor.sh"));
    assertThat(doctor).contains("docker compose config --images",
        "docker image ls --format '{{.Repository}}:{{.Tag}}'",
        "bash stack-tests/bin/kit.sh missing \"$stack_images\" \"$local_images\" \"$manifest\"",
        "none) ok ", "*\"fix kit-load\") warn \"missing $absent: make kit-load", "*) warn \"missing $absent: make up pulls them");
    String stack = Files.readString(Stack.file("stack.mk"));
    assertThat(stack).contains("bash stack-tests/bin/kit.sh save $(ARCH)", "bash stack-tests/bin/kit.sh load $(KIT)");
  }
}
