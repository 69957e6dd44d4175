package dev.paddock.it.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium through chromedriver, both from Debian's packages ({@code chromium}, {@code chromium-driver});
 * other paths with -Dpaddock.chromium and -Dpaddock.chromedriver. Nothing is downloaded: where either is missing
 * or the browser cannot start, the calling tests are skipped with the reason.
 */
final class Browser implements AutoCloseable {
    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static Browser startOrSkip() {
        Path chromium = Path.of(System.getProperty("paddock.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("paddock.chromedriver", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(Files.isExecutable(chromium), "console browser tests skipped: no Chromium at " + chromium
                + " (apt-get install chromium)");
        Assumptions.assumeTrue(Files.isExecutable(chromedriver), "console browser tests skipped: no chromedriver at "
                + chromedriver + " (apt-get install chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1360,860", "--lang=en-US", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.toString()))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", "UTC"))
                .build();
        try {
            return new Browser(new ChromeDriver(service, options));
        } catch (WebDriverException e) {
            service.stop();
            String why = String.valueOf(e.getMessage()).split("\n", 2)[0];
            Assumptions.abort("console browser tests skipped: Chromium cannot run here: " + why);
            throw e; // not reached
        }
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
