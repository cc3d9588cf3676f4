package dev.kefu.system;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven through its chromedriver (never a downloaded browser or driver: Selenium
 * Manager is not asked), with a fresh profile per run. Missing binaries fail the test, naming the packages to
 * install, rather than skipping it. Screenshots go to {@code system-tests/target/screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);

    final ChromeDriver driver;
    private final Path profile;
    private final ChromeDriverService service;

    private ConsoleBrowser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    static ConsoleBrowser open(int width, int height) throws IOException {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the agent console's browser test needs Debian's "
                        + "chromium and its driver (apt-get install chromium chromium-driver fonts-noto-cjk; .ci/run "
                        + "installs them)");
            }
        }
        Path profile = Files.createTempDirectory("kefu-console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=zh-CN",
                "--force-device-scale-factor=1", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        ConsoleBrowser browser = new ConsoleBrowser(driver, service, profile);
        browser.viewport(width, height);
        return browser;
    }

    /** Makes the page's viewport {@code width} × {@code height} CSS pixels (the window's frame is added). */
    void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long innerWidth = ((Number) js("return window.innerWidth")).longValue();
        long innerHeight = ((Number) js("return window.innerHeight")).longValue();
        if (innerWidth != width || innerHeight != height) {
            driver.manage().window().setSize(new Dimension(2 * width - (int) innerWidth, 2 * height - (int) innerHeight));
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    <T> T until(Function<WebDriver, T> condition) {
        // the console redraws a view when the stream says it changed: an element found a moment ago may be gone
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(200)).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Clicks the displayed element matching {@code css}, finding it again if a redraw replaced it meanwhile. */
    void click(String css) {
        until(d -> {
            shown(css).click();
            return true;
        });
    }

    /** The text of the displayed element matching {@code css}, read again if a redraw replaced it meanwhile. */
    String text(String css) {
        return until(d -> shown(css).getText());
    }

    /** The first element matching {@code css} once it is displayed. */
    WebElement shown(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The viewport as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("console screenshot: " + file.toAbsolutePath());
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
