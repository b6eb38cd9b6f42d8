package io.siprec.srs.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through its chromedriver (packages {@code chromium} and {@code
 * chromium-driver}): both paths are given, so Selenium never tries to download a browser or a
 * driver. A fresh profile per run, nothing phoning home.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Path BROWSER = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static HeadlessChromium start() {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          "needs "
              + BROWSER
              + " and "
              + DRIVER
              + " (apt-get install chromium chromium-driver; .ci/run does)");
    }
    try {
      Path profile =
          Files.createTempDirectory(SrsServerProcess.projectDir().resolve("target"), "chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(BROWSER.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-extensions",
          "--window-size=1440,1000",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(DRIVER.toFile())
              .usingAnyFreePort()
              .withLogFile(profile.resolve("chromedriver.log").toFile())
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
      return new HeadlessChromium(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Saves the whole page as the browser shows it now, as a PNG (the window grows to fit it). */
  public Path screenshot(Path file) {
    Dimension window = driver.manage().window().getSize();
    long height = (Long) driver.executeScript("return document.documentElement.scrollHeight;");
    try {
      Files.createDirectories(file.getParent());
      driver
          .manage()
          .window()
          .setSize(new Dimension(window.getWidth(), (int) Math.min(height + 120, 6000)));
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
