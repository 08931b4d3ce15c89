package org.bihuan.webapp.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda 7 Tasklist (an AngularJS app) as a person uses it: log in, start a process from the
 * header's start-process dialog, pick a filter, open a task from the list, claim, fill its Camunda
 * Form, complete, log out. Selectors are Tasklist's own stable markup (ng-model inputs of the login
 * form, {@code .start-process-action}, {@code .task-filter}, {@code ol.tasks-list li.task},
 * {@code button.claim}, {@code .form-actions}); every step waits for Angular to render.
 */
public final class Tasklist {

  private static final By USERNAME = By.cssSelector(".form-signin input[ng-model='username']");
  private static final By PASSWORD = By.cssSelector(".form-signin input[ng-model='password']");
  private static final By SIGN_IN = By.cssSelector(".form-signin button[type='submit']");
  private static final By START_PROCESS = By.cssSelector("li.start-process-action a");
  private static final By MODAL = By.cssSelector(".modal-dialog");
  private static final By TASK = By.cssSelector("section.task-details");
  private static final By CLAIM = By.cssSelector("section.task-details button.claim");
  private static final By COMPLETE = By.cssSelector("section.task-details .form-actions button.btn-primary");
  private static final By NOTIFICATIONS = By.cssSelector(".page-notifications");

  private static final Logger log = LoggerFactory.getLogger(Tasklist.class);

  private final WebDriver driver;
  private final String url;
  private final WebDriverWait wait;

  public Tasklist(WebDriver driver, String baseUrl) {
    this.driver = driver;
    this.url = baseUrl + "/camunda/app/tasklist/default/";
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .ignoring(ElementClickInterceptedException.class);
  }

  public WebDriver driver() {
    return driver;
  }

  /** Logs in on Tasklist's login page and waits for the task list. */
  public Tasklist login(String user, String password) {
    driver.get(url + "#/login");
    // the login page focuses the user name field itself, a moment after it shows: wait for that,
    // else the focus can jump back while the password is typed
    WebElement name = wait.until(ExpectedConditions.elementToBeClickable(USERNAME));
    wait.until(d -> name.equals(d.switchTo().activeElement()));
    wait.until(d -> {
      WebElement userField = d.findElement(USERNAME);
      WebElement passwordField = d.findElement(PASSWORD);
      if (!user.equals(userField.getDomProperty("value"))) {
        userField.clear();
        userField.sendKeys(user);
      }
      if (!password.equals(passwordField.getDomProperty("value"))) {
        passwordField.clear();
        passwordField.sendKeys(password);
      }
      return user.equals(userField.getDomProperty("value")) && password.equals(passwordField.getDomProperty("value"));
    });
    click(SIGN_IN);
    wait.until(d -> d.findElements(USERNAME).isEmpty() && !d.findElements(By.cssSelector(".task-filters")).isEmpty());
    wait.until(d -> !userShown().isBlank());
    return this;
  }

  /** The name of the logged-in user as the header shows it (first and last name). */
  public String userShown() {
    List<WebElement> account = driver.findElements(By.cssSelector("li.account > a.dropdown-toggle"));
    return account.isEmpty() ? "" : account.get(0).getText().strip();
  }

  /** The page's language ({@code <html lang>}), which our config.js sets. */
  public String documentLanguage() {
    return driver.findElement(By.tagName("html")).getAttribute("lang");
  }

  /** Logs out through the user menu in the header and waits for the login form. */
  public void logout() {
    click(By.cssSelector("li.account > a.dropdown-toggle"));
    click(By.cssSelector("li.account li.logout a"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(USERNAME));
  }

  /** The header's start-process link text, once it reads {@code expected} ("发起流程") or after a short wait. */
  public String startProcessLinkText(String expected) {
    return settledText(START_PROCESS, expected);
  }

  /** Opens the start-process dialog, picks {@code processName} and returns its start form. */
  public CamundaForm openStartForm(String processName) {
    click(START_PROCESS);
    wait.until(ExpectedConditions.visibilityOfElementLocated(MODAL));
    click(By.xpath("//div[contains(@class,'modal-dialog')]//ul[contains(@class,'processes')]//a[normalize-space(.)="
        + CamundaForm.literal(processName) + "]"));
    CamundaForm form = new CamundaForm(driver, MODAL);
    form.element();
    return form;
  }

  /** The start dialog's title ("发起流程: 问题闭环处置"). */
  public String modalTitle() {
    return driver.findElement(By.cssSelector(".modal-dialog .modal-title")).getText().strip();
  }

  /** Text of the start dialog's primary (start) button. */
  public String startButtonText() {
    return driver.findElement(By.cssSelector(".modal-dialog .modal-footer button.btn-primary")).getText().strip();
  }

  /** Clicks the start button of the dialog and waits for it to close. */
  public void submitStartForm() {
    click(By.cssSelector(".modal-dialog .modal-footer button.btn-primary"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(MODAL));
  }

  /** Selects the filter named {@code name} in the left column. */
  public Tasklist filter(String name) {
    click(By.xpath("//div[contains(@class,'task-filter')]//h4[contains(@class,'name')]/a[starts-with(normalize-space(.),"
        + CamundaForm.literal(name) + ")]"));
    wait.until(d -> d.findElement(By.xpath("//div[contains(@class,'task-filter') and contains(@class,'active')]"
        + "//h4[contains(@class,'name')]/a")).getText().strip().startsWith(name));
    return this;
  }

  /** Names of the filters in the left column. */
  public List<String> filterNames() {
    return wait.until(d -> {
      List<String> names = d.findElements(By.cssSelector(".task-filter h4.name a")).stream()
          .map(a -> a.getText().replaceAll("\\s*\\d+$", "").strip())
          .filter(n -> !n.isEmpty())
          .toList();
      return names.isEmpty() ? null : names;
    });
  }

  /**
   * Opens the task {@code taskId}, named {@code taskName}, of the problem {@code problemKey} from
   * the list of the current filter, looking through the list's pages for the item that shows the
   * problem key (our filters show it), and waits for its form. Where no list item shows the key
   * (the user may not read the process's variables), it opens the task by its Tasklist address,
   * as from a link, and says so in the log.
   */
  public CamundaForm openTask(String problemKey, String taskName, String taskId) {
    By named = By.xpath("//ol[contains(@class,'tasks-list')]/li[contains(@class,'task')]"
        + "[.//h4[contains(@class,'task')]/a[normalize-space(.)=" + CamundaForm.literal(taskName) + "]]");
    By anyTask = By.cssSelector("ol.tasks-list li.task");
    By next = By.cssSelector("section.tasks-list li.pagination-next:not(.disabled) a");
    wait.until(d -> !d.findElements(anyTask).isEmpty());
    for (int page = 1; ; page++) {
      // Tasklist re-renders its list while refreshing: scan again when an item goes stale
      WebElement link = wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
        for (WebElement item : d.findElements(named)) {
          if (item.getText().contains(problemKey)) {
            return java.util.Optional.of(item.findElement(By.cssSelector("h4.task a")));
          }
        }
        return java.util.Optional.<WebElement>empty();
      }).orElse(null);
      if (link != null) {
        return open(link, taskName, taskId);
      }
      List<WebElement> nextPage = driver.findElements(next);
      if (nextPage.isEmpty() || page >= 20) {
        break;
      }
      WebElement first = driver.findElement(anyTask);
      click(next);
      wait.until(ExpectedConditions.stalenessOf(first));
      wait.until(d -> !d.findElements(anyTask).isEmpty());
    }
    log.warn("No {} task in the list shows problem {} (empty 问题编号 column): opening it by its Tasklist address",
        taskName, problemKey);
    String current = driver.getCurrentUrl();
    String address = current.replaceAll("&task=[^&]*", "") + (current.contains("?") ? "&" : "?") + "task=" + taskId;
    driver.get(address);
    return awaitTask(taskName, taskId);
  }

  private CamundaForm open(WebElement link, String taskName, String taskId) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", link);
    wait.until(d -> {
      link.click();
      return true;
    });
    return awaitTask(taskName, taskId);
  }

  private CamundaForm awaitTask(String taskName, String taskId) {
    wait.until(d -> d.getCurrentUrl().contains("task=" + taskId));
    wait.until(d -> d.findElement(TASK).findElement(By.cssSelector(".names h2.task")).getText().strip().equals(taskName));
    CamundaForm form = new CamundaForm(driver, TASK);
    form.element();
    return form;
  }

  /** Text of the task's claim button, once it reads {@code expected} ("认领") or after a short wait. */
  public String claimButtonText(String expected) {
    return settledText(CLAIM, expected);
  }

  /** Claims the open task and waits until its form can be filled in. */
  public void claim() {
    click(CLAIM);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(CLAIM));
    wait.until(d -> d.findElements(By.cssSelector("section.task-details .disabled-form")).isEmpty());
  }

  /** Text of the task form's complete button, once it reads {@code expected} ("办结") or after a short wait. */
  public String completeButtonText(String expected) {
    return settledText(COMPLETE, expected);
  }

  /**
   * Completes the open task. Tasklist confirms a completion by closing the task (the {@code task}
   * parameter leaves the address) and reloading the list; a refusal shows as an error alert, which
   * fails here with its text.
   */
  public void complete() {
    wait.until(ExpectedConditions.elementToBeClickable(COMPLETE));
    click(COMPLETE);
    wait.until(d -> {
      failOnErrorAlert();
      return !d.getCurrentUrl().contains("task=");
    });
  }

  private void failOnErrorAlert() {
    for (WebElement alert : driver.findElements(By.cssSelector(".alert-danger"))) {
      if (alert.isDisplayed() && !alert.getText().isBlank()) {
        throw new AssertionError("Tasklist shows an error: " + alert.getText());
      }
    }
  }

  /** Waits until Tasklist shows a notification containing {@code text}. */
  public void waitForNotification(String text) {
    wait.until(d -> {
      failOnErrorAlert();
      return d.findElement(NOTIFICATIONS).getText().contains(text);
    });
  }

  /**
   * Runs {@code steps}; if they fail, leaves a screenshot and the page's HTML in {@code dir}
   * (target/browser-failures) to see what the browser showed, and rethrows.
   */
  public void dumpOnFailure(Path dir, Runnable steps) {
    try {
      steps.run();
    } catch (RuntimeException | AssertionError failure) {
      try {
        screenshot(dir.resolve("tasklist.png"));
        Files.writeString(dir.resolve("tasklist.html"), driver.getPageSource());
        failure.addSuppressed(new AssertionError("browser state saved in " + dir.toAbsolutePath()
            + " at " + driver.getCurrentUrl()));
      } catch (RuntimeException | IOException e) {
        failure.addSuppressed(e);
      }
      throw failure;
    }
  }

  /** Saves a PNG of the browser window. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text of an element once it equals {@code expected} (Angular renders translations after the
   * element appears); after a short wait the text as it is, for the caller's assertion to report.
   */
  private String settledText(By locator, String expected) {
    WebElement element = wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    try {
      new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> element.getText().strip().equals(expected));
    } catch (TimeoutException e) {
      // reported by the caller's assertion, which shows the text found
    }
    return element.getText().strip();
  }

  private void click(By locator) {
    wait.until(d -> {
      WebElement element = d.findElement(locator);
      if (!element.isDisplayed() || !element.isEnabled()) {
        return false;
      }
      ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
      element.click();
      return true;
    });
  }
}
