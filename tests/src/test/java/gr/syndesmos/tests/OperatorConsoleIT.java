package gr.syndesmos.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentest4j.TestAbortedException;

/**
 * What a municipality's operator does in the console when the transparency portal (Diavgeia) was down: the Rethymno
 * operator signs in with the hub's login form, lands in Hawtio, opens JMX → gr.syndesmos → FailedMessages → 9318 →
 * diavgeia, lists the failed decisions with {@code list()} and sends one of them again with {@code retry(long)}; the
 * decision reaches the portal and its trail says who retried it. The same operator sees nothing of Heraklion's failed
 * messages, and Rethymno's viewer, signed in the same way, is refused the retry.
 * <p>
 * Runs the packaged hub as a process and drives Debian's Chromium (headless) with its own chromedriver, never a
 * downloaded browser. Without them the test is skipped, except on CI ({@code CI=true}) where it fails. Screenshots
 * of the key steps go to {@code syndesmos.screenshots} (the README shows them); on failure a screenshot, the page
 * source and the console's Jolokia requests are saved there too, and the hub's log tail is added to the failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OperatorConsoleIT.Diagnostics.class)
class OperatorConsoleIT {

    private static final Path SAMPLES = Path.of(System.getProperty("syndesmos.samples", "../samples"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("syndesmos.screenshots",
            "target/screenshots"));
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String CHROMIUM_MISSING = "Debian's Chromium and ChromeDriver (" + CHROMIUM + ", "
            + CHROMEDRIVER + ") are needed";
    private static final String RETHYMNO_FAILED = "/api/dead-letters/9318/diavgeia";
    private static final String HERAKLION_FAILED = "/api/dead-letters/9305/diavgeia";
    private static final String OPERATOR = "rethymno-operator";
    private static final String VIEWER = "rethymno-viewer";
    /** Where the failed Rethymno deliveries to Diavgeia sit in Hawtio's JMX tree. */
    private static final String[] RETHYMNO_DIAVGEIA_NODE = {"gr.syndesmos", "FailedMessages", "9318", "diavgeia"};
    /** Selenium logs a warning per session that it has no DevTools for this Chromium; the test uses none. */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.openqa.selenium.devtools"),
            Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    @TempDir
    static Path work;
    static HubProcess hub;
    static ChromeDriver browser;
    static WebDriverWait console;

    @BeforeAll
    static void portalWasDownForBothMunicipalities() throws Exception {
        if (!debianChromiumInstalled()) {
            // On CI the test must run; elsewhere each test is skipped with the reason (skipOnlyWithoutCi).
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM_MISSING + ": on CI this test must run; install them with: apt-get install -y "
                        + "chromium chromium-driver");
            }
            return;
        }
        JsonNode expected = HubProcess.JSON.readTree(SAMPLES.resolve("expected.json").toFile());
        int rethymnoDecisions = expected.path("rethymno").path("delivered").size();
        int heraklionDecisions = expected.path("heraklion").path("delivered").size();

        hub = new HubProcess(work.resolve("data"), HubProcess.env(
                "SYNDESMOS_REDELIVERY_ATTEMPTS", "2", "SYNDESMOS_REDELIVERY_DELAY_MS", "100")).start();
        assertThat(hub.send("PUT", "/sandbox/diavgeia/mode", "fail").statusCode()).isEqualTo(200);
        hub.drop(SAMPLES.resolve("rethymno/apofaseis_20261120_2300.csv"), "9318");
        hub.drop(SAMPLES.resolve("heraklion/export_apofaseon_20261120T1800.xml"), "9305");
        // Every valid decision of both files dead-lettered: nothing is still on its way when the portal comes back.
        await("every decision of both files dead-lettered for Diavgeia").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> failedCount(RETHYMNO_FAILED) == rethymnoDecisions
                        && failedCount(HERAKLION_FAILED) == heraklionDecisions);
        assertThat(hub.send("PUT", "/sandbox/diavgeia/mode", "ok").statusCode()).isEqualTo(200);
        assertThat(hub.get("/sandbox/diavgeia/received")).as("nothing reached the portal yet").isEmpty();

        Files.createDirectories(SCREENSHOTS);
        try (var earlier = Files.newDirectoryStream(SCREENSHOTS, "operator-failure-*")) {
            for (Path file : earlier) {
                Files.delete(file); // what an earlier failed run left would be mistaken for this run's
            }
        }
        browser = startChromium();
        console = new WebDriverWait(browser, Duration.ofSeconds(30));
        console.ignoring(StaleElementReferenceException.class);
    }

    @BeforeEach
    void skipOnlyWithoutCi() {
        // Assumed per test rather than in @BeforeAll, where Maven's report would drop the reason.
        assumeTrue(debianChromiumInstalled(), CHROMIUM_MISSING + "; skipping the operator console test "
                + "(apt-get install -y chromium chromium-driver to run it)");
    }

    @AfterAll
    static void closeBrowserAndHub() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (hub != null) {
                hub.close();
            }
        }
    }

    @Test
    @Order(1)
    void operatorSignsInAndFindsRethymnosFailedMessagesInTheJmxTree() throws Exception {
        browser.get(hub.baseUrl() + "/actuator/hawtio/");
        console.until(urlContains("/login"));
        fillSignInForm(OPERATOR);
        screenshot("operator-1-login");
        signIn();

        console.until(elementToBeClickable(By.xpath("//nav//a[normalize-space()='JMX']"))).click();
        selectInJmxTree(RETHYMNO_DIAVGEIA_NODE);
        // The MBean's attributes are loaded once its failed-message count shows, the same as the API's.
        String count = Integer.toString(failedCount(RETHYMNO_FAILED));
        console.until(d -> d.findElements(By.xpath("//tr[td[normalize-space()='FailedMessages']]/td"
                + "[normalize-space()='" + count + "']")).size() == 1);
        screenshot("operator-2-failed-messages");

        assertThat(childrenInJmxTree("gr.syndesmos", "FailedMessages"))
                .as("a Rethymno operator sees only Rethymno's failed messages").containsExactly("9318");
        assertThat(hub.send("GET", HERAKLION_FAILED, null, OPERATOR).statusCode())
                .as("nor can read Heraklion's through the API").isEqualTo(403);
        assertThat(failedCount(HERAKLION_FAILED)).as("though Heraklion has some").isPositive();
    }

    @Test
    @Order(2)
    void operatorListsTheFailedDecisionsAndRetriesOne() throws Exception {
        JsonNode retried = hub.get(RETHYMNO_FAILED, OPERATOR).path("messages").get(0);
        String recordId = retried.path("recordId").asText();
        int before = failedCount(RETHYMNO_FAILED);

        console.until(visibilityOfElementLocated(By.xpath("//a[normalize-space()='Operations']"))).click();
        WebElement list = execute("list()");
        assertThat(list.getText()).contains(recordId).doesNotContain("9305-");
        screenshot("operator-3-list");

        WebElement retry = execute("retry(long)", retried.path("messageId").asText());
        assertThat(retry.getText()).contains("Retried " + recordId);
        screenshot("operator-4-retried");

        await("the retried decision at the portal").atMost(Duration.ofSeconds(30)).until(() ->
                StreamSupport.stream(hub.get("/sandbox/diavgeia/received").spliterator(), false).anyMatch(r ->
                        r.path("idempotencyKey").asText().startsWith("9318:" + recordId + ":")));
        assertThat(failedCount(RETHYMNO_FAILED)).as("only that one left the queue").isEqualTo(before - 1);
        JsonNode trail = hub.get("/api/records/" + recordId).path("trail");
        assertThat(trail).as("the record's trail names who retried it")
                .anyMatch(event -> event.path("event").asText().equals("retried")
                        && event.path("actor").asText().equals(OPERATOR));
        JsonNode journal = hub.get("/api/replay-journal").get(0);
        assertThat(journal.path("actor").asText()).isEqualTo(OPERATOR);
        assertThat(journal.path("channel").asText()).as("done in the console").isEqualTo("hawtio");
    }

    @Test
    @Order(3)
    void viewerIsRefusedTheRetryAndTheMessageStaysInTheQueue() throws Exception {
        JsonNode waiting = hub.get(RETHYMNO_FAILED, VIEWER).path("messages").get(0);
        int before = failedCount(RETHYMNO_FAILED);

        // Signs out the way a person does: the hub's sign-out page, then the login form again.
        browser.get(hub.baseUrl() + "/logout");
        console.until(elementToBeClickable(By.xpath("//button[normalize-space()='Log Out']"))).click();
        console.until(urlContains("/login?logout"));
        browser.get(hub.baseUrl() + "/actuator/hawtio/");
        console.until(urlContains("/login"));
        fillSignInForm(VIEWER);
        signIn();

        console.until(elementToBeClickable(By.xpath("//nav//a[normalize-space()='JMX']"))).click();
        selectInJmxTree(RETHYMNO_DIAVGEIA_NODE);
        console.until(visibilityOfElementLocated(By.xpath("//a[normalize-space()='Operations']"))).click();
        WebElement refusal = execute("retry(long)", waiting.path("messageId").asText());
        // Jolokia answers "Operation retry(long) forbidden for MBean ..."; Hawtio shows it as the result.
        assertThat(refusal.getText()).contains("forbidden");
        screenshot("operator-5-viewer-refused");

        assertThat(failedCount(RETHYMNO_FAILED)).as("nothing left the queue").isEqualTo(before);
        assertThat(hub.get(RETHYMNO_FAILED).path("messages").findValuesAsText("messageId"))
                .contains(waiting.path("messageId").asText());
        assertThat(hub.send("POST", RETHYMNO_FAILED + "/retry", "{}", VIEWER).statusCode())
                .as("the API refuses the viewer too").isEqualTo(403);
    }

    // ---- the console

    private static void fillSignInForm(String user) {
        console.until(visibilityOfElementLocated(By.name("username"))).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(user + "-password");
    }

    /**
     * Submits the login form and waits until Hawtio has loaded (it shows loading dots before); it may open on its
     * Camel view, which lists the routes the person may see, so the tests go to JMX from the navigation.
     */
    private static void signIn() {
        browser.findElement(By.xpath("//form//button[@type='submit']")).click();
        console.until(urlContains("/actuator/hawtio/"));
        console.until(visibilityOfElementLocated(By.xpath("//nav//a[normalize-space()='JMX']")));
    }

    /** A node of Hawtio's JMX tree, by the labels on the way to it (PatternFly nests children in their parent). */
    private static By treeNode(String... path) {
        StringBuilder xpath = new StringBuilder();
        for (String label : path) {
            xpath.append("//li[@role='treeitem'][div//button[normalize-space()='").append(label).append("']]");
        }
        return By.xpath(xpath.toString());
    }

    /** Expands the folders on the way, as a person clicks the arrows, then clicks the MBean itself. */
    private static void selectInJmxTree(String... path) {
        for (int depth = 1; depth < path.length; depth++) {
            By folder = treeNode(Arrays.copyOf(path, depth));
            WebElement node = console.until(visibilityOfElementLocated(folder));
            if (!"true".equals(node.getDomAttribute("aria-expanded"))) {
                node.findElement(By.xpath("./div//button[contains(@class, 'tree-view__node-toggle')]")).click();
                console.until(d -> "true".equals(d.findElement(folder).getDomAttribute("aria-expanded")));
            }
        }
        String leaf = path[path.length - 1];
        console.until(visibilityOfElementLocated(treeNode(path))).findElement(By.xpath(
                "./div//button[normalize-space()='" + leaf + "']")).click();
        console.until(d -> "true".equals(d.findElement(treeNode(path)).getDomAttribute("aria-selected")));
    }

    private static List<String> childrenInJmxTree(String... path) {
        List<String> labels = new ArrayList<>();
        for (WebElement child : browser.findElement(treeNode(path)).findElements(By.xpath(
                "./ul/li[@role='treeitem']"))) {
            labels.add(child.findElement(By.xpath("./div")).getText().trim());
        }
        return labels;
    }

    /**
     * On the Operations tab: opens the operation, fills its arguments, clicks Execute and waits for Hawtio's
     * "Result" (a value or an error); returns the result, scrolled into view for the screenshot.
     */
    private static WebElement execute(String signature, String... arguments) {
        WebElement operation = console.until(visibilityOfElementLocated(By.xpath(
                "//ul[@aria-label='operation list']/li[.//b[normalize-space()='" + signature + "']]")));
        WebElement details = operation.findElement(By.xpath(".//button[@aria-label='Details']"));
        if (!"true".equals(details.getDomAttribute("aria-expanded"))) {
            details.click();
        }
        By form = By.xpath("//section[@aria-label='operation execute " + signature + "']");
        // Hawtio renders the argument fields after the form itself: wait for all of them, not just the form.
        List<WebElement> inputs = console.until(d -> {
            List<WebElement> shown = d.findElement(form).findElements(By.tagName("input"));
            return shown.size() == arguments.length && shown.stream().allMatch(WebElement::isDisplayed) ? shown : null;
        });
        for (int i = 0; i < arguments.length; i++) {
            // Typed over Hawtio's default (0) as a person does, so React sees the change as a keystroke.
            WebElement input = inputs.get(i);
            String argument = arguments[i];
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), argument);
            console.until(d -> argument.equals(input.getDomProperty("value")));
        }
        browser.findElement(form).findElement(By.xpath(".//button[normalize-space()='Execute']")).click();
        By result = By.xpath("//section[@aria-label='operation result " + signature + "']");
        console.until(textToBePresentInElementLocated(result, "Result"));
        console.until(d -> d.findElement(result).findElements(By.tagName("pre")).stream()
                .anyMatch(pre -> !pre.getText().isBlank()));
        WebElement shown = browser.findElement(result);
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", shown);
        return shown;
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    // ---- the hub and the browser

    private static int failedCount(String path) throws IOException, InterruptedException {
        return hub.get(path).path("count").asInt();
    }

    private static boolean debianChromiumInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Headless Chromium with a fresh profile; binary and driver given, so Selenium Manager downloads nothing. */
    private static ChromeDriver startChromium() throws IOException {
        QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile"));
        // The network log lets a failure show which Jolokia requests Hawtio sent, with which headers.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
        return new ChromeDriver(driver, options);
    }

    /** The console's Jolokia requests and their answers, one a line, from the browser's network log. */
    private static String jolokiaRequests() {
        StringBuilder lines = new StringBuilder();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = HubProcess.JSON.readTree(entry.getMessage()).path("message");
                JsonNode params = message.path("params");
                String method = message.path("method").asText();
                if (method.equals("Network.requestWillBeSent")
                        && params.path("request").path("url").asText().contains("/jolokia")) {
                    JsonNode request = params.path("request");
                    lines.append(params.path("requestId").asText()).append(' ').append(request.path("method")
                                    .asText()).append(' ').append(request.path("url").asText())
                            .append(" X-XSRF-TOKEN=").append(request.path("headers").path("X-XSRF-TOKEN")
                                    .asText("(none)")).append(' ').append(shortened(request.path("postData")
                                    .asText(""))).append('\n');
                } else if (method.equals("Network.responseReceived")
                        && params.path("response").path("url").asText().contains("/jolokia")) {
                    lines.append(params.path("requestId").asText()).append(" -> HTTP ")
                            .append(params.path("response").path("status").asInt()).append('\n');
                }
            } catch (IOException e) {
                lines.append("(unreadable log entry: ").append(e.getMessage()).append(")\n");
            }
        }
        return lines.toString();
    }

    /** Hawtio asks about every MBean in one request at start; the few hundred first characters tell which. */
    private static String shortened(String body) {
        return body.length() <= 400 ? body : body.substring(0, 400) + "... (" + body.length() + " characters)";
    }

    /**
     * On failure: a screenshot, the page source and the Jolokia requests saved next to the screenshots, and the
     * hub's log tail added to the failure message.
     */
    static final class Diagnostics implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            throw explained(context, failure);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
                throws Throwable {
            throw explained(context, failure);
        }

        private static Throwable explained(ExtensionContext context, Throwable failure) {
            if (failure instanceof TestAbortedException || (browser == null && hub == null)) {
                return failure;
            }
            StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
            if (browser != null) {
                String name = "operator-failure-" + context.getTestMethod().map(m -> m.getName()).orElse("setup");
                try {
                    Files.createDirectories(SCREENSHOTS);
                    screenshot(name);
                    Files.writeString(SCREENSHOTS.resolve(name + ".html"), browser.getPageSource(),
                            StandardCharsets.UTF_8);
                    String requests = jolokiaRequests();
                    Files.writeString(SCREENSHOTS.resolve(name + "-jolokia.txt"), requests, StandardCharsets.UTF_8);
                    message.append("\n\nPage: ").append(browser.getCurrentUrl()).append("; screenshot, page source "
                            + "and Jolokia requests in ").append(SCREENSHOTS.toAbsolutePath()).append('/')
                            .append(name).append(".*\nLast Jolokia requests of the console:\n")
                            .append(tail(requests, 20));
                } catch (Exception e) {
                    message.append("\n\n(could not save the browser's state: ").append(e).append(')');
                }
            }
            if (hub != null) {
                message.append("\n\nHub log (tail):\n").append(hub.logTail());
            }
            AssertionError explained = new AssertionError(message.toString(), failure);
            explained.setStackTrace(failure.getStackTrace());
            return explained;
        }

        private static String tail(String text, int lines) {
            List<String> all = text.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }
}
