package org.bihuan.webapp.browser;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A Camunda Form (form-js) as Tasklist renders it, filled the way a person does: fields are found
 * by their visible Chinese label (form-js links each {@code label.fjs-form-field-label} to its
 * input with {@code for}), selects and tag lists are opened and an option is clicked, dates are
 * typed in the browser's own date format.
 */
public final class CamundaForm {

  private final WebDriver driver;
  private final WebDriverWait wait;
  private final By scope;

  CamundaForm(WebDriver driver, By scope) {
    this.driver = driver;
    this.scope = scope;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    wait.ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class)
        .ignoring(ElementClickInterceptedException.class);
  }

  /** The rendered form: waits until form-js has drawn it. */
  public WebElement element() {
    return wait.until(d -> {
      WebElement form = d.findElement(scope).findElement(By.cssSelector("form.fjs-form"));
      return form.isDisplayed() ? form : null;
    });
  }

  /** The visible text of the form, headings and markdown texts included. */
  public String text() {
    return element().getText();
  }

  /** Types into the text field or text area labelled {@code label}. */
  public CamundaForm type(String label, String text) {
    WebElement input = input(label);
    input.clear();
    input.sendKeys(text);
    return this;
  }

  /** Opens the select labelled {@code label} and clicks the option shown as {@code option}. */
  public CamundaForm select(String label, String option) {
    WebElement field = field(label);
    click(field.findElement(By.cssSelector(".fjs-input-group")));
    WebElement item = wait.until(ExpectedConditions.visibilityOfNestedElementsLocatedBy(
        field, By.xpath(".//div[contains(@class,'fjs-dropdownlist-item')][normalize-space(.)=" + literal(option) + "]")))
        .get(0);
    click(item);
    wait.until(d -> field(label).findElement(By.cssSelector(".fjs-select-display")).getText().equals(option));
    return this;
  }

  /** Adds {@code option} to the tag list labelled {@code label}, searching for it by name. */
  public CamundaForm tag(String label, String option) {
    WebElement field = field(label);
    WebElement input = field.findElement(By.cssSelector("input.fjs-taglist-input"));
    click(input);
    input.sendKeys(option);
    click(wait.until(ExpectedConditions.elementToBeClickable(field.findElement(
        By.xpath(".//div[contains(@class,'fjs-dropdownlist-item')][normalize-space(.)=" + literal(option) + "]")))));
    wait.until(d -> field(label).findElements(By.cssSelector(".fjs-taglist-tag-label")).stream()
        .anyMatch(t -> t.getText().equals(option)));
    input.sendKeys(Keys.ESCAPE);
    return this;
  }

  /** Chooses the radio button {@code option} of the group labelled {@code label}. */
  public CamundaForm choose(String label, String option) {
    WebElement group = field(label);
    WebElement radio = group.findElement(By.xpath(
        ".//label[contains(@class,'fjs-form-field-label')][normalize-space(.)=" + literal(option) + "]/input[@type='radio']"));
    click(radio);
    wait.until(d -> radio.isSelected());
    return this;
  }

  /** Types {@code date} into the date picker labelled {@code label} as the browser formats dates. */
  public CamundaForm date(String label, LocalDate date) {
    // form-js derives the picker's format from the browser's Intl locale; type what that locale writes
    String typed = (String) ((JavascriptExecutor) driver).executeScript(
        "return new Intl.DateTimeFormat().format(new Date(arguments[0], arguments[1] - 1, arguments[2]));",
        date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    WebElement input = input(label);
    click(input);
    input.clear();
    input.sendKeys(typed, Keys.ENTER);
    input.sendKeys(Keys.ESCAPE);
    wait.until(d -> typed.equals(input(label).getDomProperty("value")));
    return this;
  }

  /** Whether the checkbox labelled {@code label} is ticked. */
  public boolean isTicked(String label) {
    return input(label).isSelected();
  }

  /** The current value of the input labelled {@code label}. */
  public String value(String label) {
    return input(label).getDomProperty("value");
  }

  /** Validation messages form-js shows under fields. */
  public List<String> errors() {
    return element().findElements(By.cssSelector(".fjs-form-field-error")).stream().map(WebElement::getText).toList();
  }

  /** The labels of all fields, in order. */
  public List<String> labels() {
    return element().findElements(By.cssSelector("label.fjs-form-field-label")).stream()
        .map(WebElement::getText)
        .map(t -> t.replace("*", "").strip())
        .filter(t -> !t.isEmpty())
        .toList();
  }

  // ---------------------------------------------------------------------------------------------

  /** The label of a field: its text, with or without the required asterisk. */
  private WebElement label(String label) {
    String exact = literal(label);
    String required = literal(label + "*");
    return wait.until(d -> element().findElement(By.xpath(
        ".//label[contains(@class,'fjs-form-field-label')][normalize-space(.)=" + exact + " or normalize-space(.)="
            + required + "]")));
  }

  private WebElement input(String label) {
    return wait.until(d -> {
      String id = label(label).getAttribute("for");
      return id == null ? null : d.findElement(By.id(id));
    });
  }

  /** The form-js field (div.fjs-form-field) that the label belongs to. */
  private WebElement field(String label) {
    return label(label).findElement(By.xpath("./ancestor::div[contains(@class,'fjs-form-field')][1]"));
  }

  /**
   * Clicks like a person who first scrolls the element to the middle of the window (Tasklist's
   * fixed footer would otherwise cover fields at the bottom edge).
   */
  private void click(WebElement element) {
    wait.until(d -> {
      ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
      element.click();
      return true;
    });
  }

  /** An XPath string literal for text that may contain quotes. */
  static String literal(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    return "concat('" + text.replace("'", "', \"'\", '") + "')";
  }
}
