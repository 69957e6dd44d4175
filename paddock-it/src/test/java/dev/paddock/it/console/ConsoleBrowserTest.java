package dev.paddock.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.auth.Acls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium
 * against an in-process Paddock server, with ZooKeeper's official client as the "other client". Skipped, with a
 * message, where Chromium cannot run. Screenshots go to target/console-screenshots.
 */
class ConsoleBrowserTest {
    static final String SUPER_PASSWORD = "root-pw";

    @TempDir
    static Path tmp;

    static ConsoleServer server;
    static Browser browser;
    static ZooKeeper zk;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.startOrSkip();
        server = ConsoleServer.start(tmp, Acls.digest("super:" + SUPER_PASSWORD));
        zk = server.zooKeeper();
    }

    @AfterAll
    static void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    WebDriver driver;
    WebDriverWait wait;
    String name;

    @BeforeEach
    void openPage(TestInfo info) {
        name = info.getTestMethod().orElseThrow().getName();
        driver = browser.driver();
        driver.get(server.consoleUrl());
        driver.manage().deleteAllCookies();
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        reloadPage();
    }

    /** Loads the page afresh and waits until it has read the tree. */
    private void reloadPage() {
        driver.get(server.consoleUrl());
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    // ---------------------------------------------------------------- helpers

    private By row(String path) {
        return By.cssSelector("li[data-path='" + path + "'] > .row");
    }

    private void expand(String path) {
        wait.until(ExpectedConditions.elementToBeClickable(row(path))).findElement(By.className("twisty")).click();
        wait.until(d -> "true".equals(d.findElement(By.cssSelector("li[data-path='" + path + "']"))
                .getDomAttribute("data-open")));
    }

    private void open(String path) {
        wait.until(ExpectedConditions.elementToBeClickable(row(path))).findElement(By.className("name")).click();
        waitForNode(path);
    }

    private void waitForNode(String path) {
        wait.until(d -> {
            WebElement pane = d.findElement(By.id("node-pane"));
            return path.equals(pane.getDomAttribute("data-path")) && pane.getDomAttribute("data-status") != null
                    && d.findElement(By.id("node-path")).getText().equals(path);
        });
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void waitForText(String id, String expected) {
        wait.until(ExpectedConditions.textToBe(By.id(id), expected));
    }

    private void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private void login(String user, String password) {
        type("login-user", user);
        type("login-password", password);
        click("login-button");
        wait.until(d -> user.equals(d.findElement(By.id("who")).getDomAttribute("data-user")));
    }

    private Path screenshot(String what) throws IOException {
        Path dir = Path.of("target", "console-screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(what + ".png");
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(file)).isGreaterThan(1000);
        return file;
    }

    /** Reads in the background (at most 8 outstanding), so the charts have something to show; stopped by the test. */
    private static final class Load {
        private final Thread thread;
        private volatile boolean running = true;

        Load(ZooKeeper zk) {
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(8);
            thread = new Thread(() -> {
                while (running) {
                    try {
                        window.acquire();
                    } catch (InterruptedException e) {
                        return;
                    }
                    zk.exists("/", false, (rc, path, ctx, stat) -> window.release(), null);
                }
            }, "console-test-load");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- tests

    @Test
    void clicksThroughTheTreeAndOpensANode() throws Exception {
        zk.create("/shop", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/shop/orders", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/shop/orders/o-17", utf8("{\"item\":\"saddle\",\"qty\":2,\"paid\":true}"),
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        reloadPage();

        expand("/shop");
        expand("/shop/orders");
        open("/shop/orders/o-17");
        wait.until(d -> d.findElement(By.id("node-data")).getText().contains("\"qty\" : 2"));
        assertThat(driver.findElement(By.id("node-data")).getDomAttribute("data-mode")).isEqualTo("json");
        assertThat(driver.findElement(By.cssSelector("#stat-table tr[data-field=czxid] td")).getText()).startsWith("0x");
        assertThat(driver.findElement(By.cssSelector("#stat-table tr[data-field=mtime] td")).getText()).contains(" UTC", "s ago");
        assertThat(driver.findElement(By.cssSelector("#acl-table tbody")).getText()).contains("world", "anyone", "cdrwa");
        screenshot("tree");

        click("data-tab-hex");
        wait.until(d -> d.findElement(By.id("node-data")).getText().startsWith("7b 22 69 74"));
        click("data-tab-text");
        waitForText("node-data", "{\"item\":\"saddle\",\"qty\":2,\"paid\":true}");
    }

    @Test
    void editsANodeWithTheVersionCheckAndShowsAConflict() throws Exception {
        zk.create("/cfg", utf8("v0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        reloadPage();
        open("/cfg");

        click("node-edit");
        assertThat(driver.findElement(By.id("edit-version")).getDomProperty("value")).isEqualTo("0");
        type("edit-data", "v1");
        click("edit-save");
        waitForText("node-data", "v1");
        assertThat(new String(zk.getData("/cfg", false, null), StandardCharsets.UTF_8)).isEqualTo("v1");

        click("node-edit");
        type("edit-data", "mine");
        zk.setData("/cfg", utf8("theirs"), 1);
        // the page learns of the other client's write from its watch; the banner moves the form down, so the
        // save is clicked once it is shown (a click during the move can land beside the button)
        wait.until(d -> d.findElement(By.id("node-banner")).getText().contains("still based on the old version"));
        assertThat(driver.findElement(By.id("edit-version")).getDomProperty("value")).isEqualTo("1");
        click("edit-save");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-conflict")));
        assertThat(text("edit-conflict-text")).contains("Conflict", "expected version 1", "now at version 2");
        assertThat(new String(zk.getData("/cfg", false, null), StandardCharsets.UTF_8)).isEqualTo("theirs");
        screenshot("conflict");

        click("edit-reload");
        waitForText("node-data", "theirs");
    }

    @Test
    void createsAndDeletesANode() throws Exception {
        open("/");
        click("node-create");
        type("create-name", "made-in-browser");
        type("create-data", "hello from the console");
        click("create-save");
        waitForNode("/made-in-browser");
        waitForText("node-data", "hello from the console");
        assertThat(driver.findElements(row("/made-in-browser"))).hasSize(1);
        assertThat(zk.exists("/made-in-browser", false)).isNotNull();

        click("node-delete");
        assertThat(driver.findElement(By.id("delete-version")).getDomProperty("value")).isEqualTo("0");
        click("delete-confirm");
        waitForNode("/");
        wait.until(ExpectedConditions.numberOfElementsToBe(row("/made-in-browser"), 0));
        assertThat(zk.exists("/made-in-browser", false)).isNull();
    }

    @Test
    void anAclProtectedNodeIsRefusedToAnonymousAndReadableAfterDigestLogin() throws Exception {
        try (ZooKeeper alice = server.zooKeeper()) {
            alice.addAuthInfo("digest", utf8("alice:alice-pw"));
            alice.create("/vault", utf8("the combination"), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        }
        reloadPage();
        open("/vault");
        assertThat(driver.findElement(By.id("node-pane")).getDomAttribute("data-status")).isEqualTo("403");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("node-error")));
        assertThat(text("node-error")).contains("Not allowed", "NoAuth");
        assertThat(text("node-data")).isEmpty();

        login("alice", "alice-pw");
        waitForText("node-data", "the combination");
        assertThat(driver.findElement(By.cssSelector("#acl-table tbody")).getText()).contains("digest", "alice:<hidden>");
        assertThat(text("who-name")).contains("alice");
        String hash = Acls.digest("alice:alice-pw").split(":", 2)[1];
        assertThat(driver.getPageSource()).doesNotContain(hash, "alice-pw");
        screenshot("acl-login");

        click("logout-button");
        wait.until(d -> "".equals(d.findElement(By.id("who")).getDomAttribute("data-user")));
        wait.until(d -> "403".equals(d.findElement(By.id("node-pane")).getDomAttribute("data-status")));

        login("super", SUPER_PASSWORD);
        assertThat(text("who-name")).contains("(super)");
        waitForText("node-data", "the combination");
    }

    @Test
    void aChangeMadeByAnotherClientAppearsInThePage() throws Exception {
        zk.create("/live", utf8("before"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        reloadPage();
        expand("/live");
        open("/live");
        waitForText("node-data", "before");

        zk.setData("/live", utf8("after"), -1);
        waitForText("node-data", "after");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("node-banner")));
        assertThat(text("node-banner")).contains("changed by another client", "NodeDataChanged");

        zk.create("/live/arrived", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        wait.until(ExpectedConditions.presenceOfElementLocated(row("/live/arrived")));
    }

    @Test
    void theSessionsViewListsASessionWithItsEphemeral() throws Exception {
        zk.create("/workers", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (ZooKeeper worker = server.zooKeeper()) {
            worker.create("/workers/w-1", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            String sid = "0x" + Long.toHexString(worker.getSessionId());
            click("tab-sessions");
            By mine = By.cssSelector("#sessions-table tr[data-session='" + sid + "']");
            wait.until(ExpectedConditions.presenceOfElementLocated(mine));
            assertThat(driver.findElement(mine).getText()).contains("/workers/w-1", "yes");
            assertThat(driver.findElements(By.cssSelector("#sessions-table tr.console"))).isNotEmpty();
            screenshot("sessions");
        }
    }

    @Test
    void theServerViewDrawsLiveCharts() throws Exception {
        click("tab-server");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("server-table"), "standalone"));
        Load load = new Load(zk);
        try {
            wait.until(d -> {
                String n = d.findElement(By.id("chart-ops")).getDomAttribute("data-points");
                return n != null && Integer.parseInt(n) >= 8;
            });
        } finally {
            load.stop();
        }
        for (String id : List.of("chart-ops", "chart-latency", "chart-outstanding", "chart-connections")) {
            WebElement canvas = driver.findElement(By.id(id));
            long painted = (Long) ((JavascriptExecutor) driver).executeScript(
                    "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + " let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;",
                    canvas);
            assertThat(painted).as(id + " painted pixels").isGreaterThan(500);
        }
        assertThat(text("server-badge")).contains("standalone");
        screenshot("server");
    }
}
