package org.bihuan.webapp.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's ChromeDriver, both given by path so that Selenium
 * Manager never looks for (or downloads) a browser or driver of its own. CI installs them with
 * {@code apt-get install -y chromium chromium-driver}; where they are missing the browser tests
 * are skipped, not failed.
 */
public final class Chromium implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the calling test (JUnit assumption) unless Chromium and ChromeDriver are installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(BINARY), BINARY + " is not installed (apt-get install chromium)");
    Assumptions.assumeTrue(Files.isExecutable(DRIVER), DRIVER + " is not installed (apt-get install chromium-driver)");
  }

  /** A fresh headless browser with an empty profile, in Chinese like the people who use Bihuan. */
  public static Chromium start() {
    assumeInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("bihuan-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        // this machine (and CI) has no network beyond localhost: no background calls to Google
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--window-size=1400,1000",
        // Chinese where Debian's chromium-l10n is installed; without it Chromium stays en-US, which
        // only changes the date format the picker expects (CamundaForm.date types either)
        "--lang=zh-CN",
        "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Chromium(driver, profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
