package dev.parley.platform.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for tests: the distribution's headless Chromium ({@code apt-get install chromium chromium-driver},
 * which {@code .ci/run} does when they are missing) driven by Selenium's ChromeDriver. Nothing is downloaded: the
 * browser and its driver are the system's ({@code PARLEY_CHROMIUM}, {@code PARLEY_CHROMEDRIVER} override the paths).
 * Pages made of Web Components are read through {@link #inShadow}; {@link #console} returns what the page logged,
 * Content-Security-Policy violations included.
 */
public final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A fresh headless Chromium with an empty profile, {@code width}×{@code height} CSS pixels. */
    public static Browser start(int width, int height) {
        String chromium = System.getenv().getOrDefault("PARLEY_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("PARLEY_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException(chromium + " or " + chromedriver + " is missing: apt-get install -y chromium "
                    + "chromium-driver (.ci/run and ./parley test install them)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** A desktop-sized window. */
    public static Browser start() {
        return start(1280, 900);
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public Browser reload() {
        driver.navigate().refresh();
        return this;
    }

    /** Opens {@code url} in a new tab (same profile, so the same storage) and switches to it. */
    public Browser openInNewTab(String url) {
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(url);
        return this;
    }

    /**
     * The element matched by {@code css} inside the shadow root of the element matched by {@code host}, waiting for
     * both to exist.
     */
    public WebElement inShadow(String host, String css) {
        return until(d -> {
            List<WebElement> hosts = d.findElements(By.cssSelector(host));
            if (hosts.isEmpty()) {
                return null;
            }
            SearchContext root = hosts.get(0).getShadowRoot();
            List<WebElement> found = root.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Every element matched by {@code css} inside {@code host}'s shadow root, now (possibly none). */
    public List<WebElement> allInShadow(String host, String css) {
        List<WebElement> hosts = driver.findElements(By.cssSelector(host));
        if (hosts.isEmpty()) {
            return List.of();
        }
        try {
            return hosts.get(0).getShadowRoot().findElements(By.cssSelector(css));
        } catch (org.openqa.selenium.NoSuchShadowRootException e) {
            return List.of();
        }
    }

    /** Waits (up to 15 s) until {@code condition} answers something other than null or false. */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The element that has the keyboard focus, looking into open shadow roots. */
    public WebElement focused() {
        return (WebElement) script("let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement)"
                + " { e = e.shadowRoot.activeElement; } return e;");
    }

    /** What the page logged since the last call (console messages, CSP violations, failed requests). */
    public List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    /** Saves a screenshot of the window as {@code target/screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        try {
            Path file = Path.of("target/screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
